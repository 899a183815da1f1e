package io.sabot.sql.internal;

import io.sabot.sql.Statement;
import io.sabot.sql.StatementKind;
import io.sabot.sql.internal.script.ScriptPart;

/** A statement of a script: its kind and text with its script position (re-parsed at each execution). */
record ParsedStatement(StatementKind kind, ScriptPart part) implements Statement {

    @Override
    public String sql() {
        return part.text();
    }

    @Override
    public int line() {
        return part.line();
    }

    @Override
    public int column() {
        return part.column();
    }

    @Override
    public String toString() {
        return kind + " at line " + line() + ", column " + column() + ": " + sql();
    }
}
