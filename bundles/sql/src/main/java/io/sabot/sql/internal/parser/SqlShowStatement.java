package io.sabot.sql.internal.parser;

import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code SHOW TABLES} or {@code SHOW VIEWS}. */
public final class SqlShowStatement extends SabotSqlCall {

    public enum Kind {
        TABLES,
        VIEWS
    }

    private final Kind kind;

    public SqlShowStatement(SqlParserPos pos, Kind kind) {
        super(pos, "SHOW");
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("SHOW");
        writer.keyword(kind.name());
    }
}
