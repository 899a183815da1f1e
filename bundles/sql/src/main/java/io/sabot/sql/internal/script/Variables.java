package io.sabot.sql.internal.script;

import io.sabot.sql.SqlException;
import java.util.List;
import java.util.Map;

/**
 * Replaces {@code ${NAME}} with a variable's value and {@code ${NAME:-default}} with the value or, when the
 * variable is undefined, the default. Comments are left alone; literals and identifiers are not (a path inside
 * {@code 'path' = '${DATA}/bid.csv'} is the common case).
 */
public final class Variables {

    private Variables() {}

    /**
     * Substitutes the variables of one statement.
     *
     * @throws SqlException for {@code ${NAME}} without a value or default, or an unclosed {@code ${}, naming the
     *     variable and its script position
     */
    public static ScriptPart substitute(ScriptPart part, Map<String, String> variables) {
        String text = part.text();
        if (!text.contains("${")) {
            return part;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        ScriptSplitter.Cursor cursor = new ScriptSplitter.Cursor(text);
        char quote = 0;
        while (!cursor.atEnd()) {
            char c = cursor.peek();
            int from = cursor.position;
            if (quote != 0 && c != '$') {
                // inside a literal or quoted identifier: only ${…} is special; '' is an escaped quote
                if (c == quote && cursor.peek(1) == quote) {
                    cursor.advance();
                    cursor.advance();
                    out.append(c).append(c);
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                }
                cursor.advance();
                out.append(c);
            } else if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
                quote = c;
                cursor.advance();
                out.append(c);
            } else if (quote == 0 && c == '-' && cursor.peek(1) == '-') {
                cursor.skipLineComment();
                out.append(text, from, cursor.position);
            } else if (quote == 0 && c == '/' && cursor.peek(1) == '*') {
                cursor.skipBlockComment();
                out.append(text, from, cursor.position);
            } else if (c == '$' && cursor.peek(1) == '{') {
                int line = cursor.line;
                int column = cursor.column;
                int close = text.indexOf('}', from + 2);
                if (close < 0) {
                    throw error(part, line, column, "Unclosed variable reference '${' at line %d, column %d");
                }
                out.append(resolve(part, text.substring(from + 2, close), variables, line, column));
                while (cursor.position <= close) {
                    cursor.advance();
                }
            } else {
                cursor.advance();
                out.append(c);
            }
        }
        return new ScriptPart(out.toString(), part.line(), part.column());
    }

    private static String resolve(
            ScriptPart part, String reference, Map<String, String> variables, int line, int column) {
        int colonDash = reference.indexOf(":-");
        String name = colonDash < 0 ? reference : reference.substring(0, colonDash);
        String value = variables.get(name);
        if (value != null) {
            return value;
        }
        if (colonDash >= 0) {
            return reference.substring(colonDash + 2);
        }
        int scriptLine = part.scriptLine(line);
        int scriptColumn = part.scriptColumn(line, column);
        throw new SqlException(
                "Undefined variable '" + name + "' at line " + scriptLine + ", column " + scriptColumn
                        + ": define it (the CLI's -D " + name + "=value) or give a default: ${" + name
                        + ":-default}",
                scriptLine,
                scriptColumn,
                part.text(),
                List.of(),
                null);
    }

    private static SqlException error(ScriptPart part, int line, int column, String format) {
        int scriptLine = part.scriptLine(line);
        int scriptColumn = part.scriptColumn(line, column);
        return new SqlException(
                String.format(format, scriptLine, scriptColumn),
                scriptLine,
                scriptColumn,
                part.text(),
                List.of(),
                null);
    }
}
