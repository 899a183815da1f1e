package io.sabot.sql.internal;

import io.sabot.sql.SqlException;
import io.sabot.sql.internal.script.ScriptPart;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Turns Calcite's and the planner's errors into {@link SqlException}s with positions in the script. */
public final class Errors {

    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    /** How many "Was expecting one of" alternatives a parse error lists. */
    private static final int EXPECTED_SHOWN = 12;

    private Errors() {}

    /** {@code SQL parse failed. Encountered "x" at line 2, column 5.} with script positions. */
    public static SqlException parse(ScriptPart part, SqlParseException e) {
        String message = remap(part, e.getMessage() == null ? "" : e.getMessage());
        message = shortenExpected(message.strip());
        SqlParserPos pos = e.getPos();
        int line = pos == null ? part.line() : part.scriptLine(pos.getLineNum());
        int column = pos == null ? part.column() : part.scriptColumn(pos.getLineNum(), pos.getColumnNum());
        if (!POSITION.matcher(message).find()) {
            // some of Calcite's messages carry their position only in the exception (e.g. "Non-query expression
            // encountered in illegal context")
            message += " (" + (pos == null ? "statement at " : "at ") + "line " + line + ", column " + column + ")";
        }
        return new SqlException("SQL parse failed. " + message, line, column, part.text(), List.of(), e);
    }

    /** {@code SQL validation failed. From line 1, column 8 to line 1, column 10: Column 'x' not found …}. */
    public static SqlException validation(ScriptPart part, CalciteContextException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String reason = cause.getMessage();
        int line = part.scriptLine(e.getPosLine());
        int column = part.scriptColumn(e.getPosLine(), e.getPosColumn());
        String where = "From line " + line + ", column " + column + " to line " + part.scriptLine(e.getEndPosLine())
                + ", column " + part.scriptColumn(e.getEndPosLine(), e.getEndPosColumn()) + ": ";
        return new SqlException("SQL validation failed. " + where + reason, line, column, part.text(), List.of(), e);
    }

    /** A rejection or failure at a position of the statement (null: the statement's start). */
    public static SqlException at(ScriptPart part, SqlParserPos pos, String reason, Throwable cause) {
        int line = part.line();
        int column = part.column();
        if (pos != null && pos.getLineNum() > 0) {
            line = part.scriptLine(pos.getLineNum());
            column = part.scriptColumn(pos.getLineNum(), pos.getColumnNum());
        }
        return new SqlException(
                reason + " (" + (pos == null ? "statement at " : "at ") + "line " + line + ", column " + column + ")",
                line,
                column,
                part.text(),
                List.of(),
                cause);
    }

    /** One problem of a statement that reports several at once. */
    public record Problem(SqlParserPos pos, String message) {}

    /** Every problem of a statement in one exception, each line with its script position. */
    public static SqlException problems(ScriptPart part, String what, List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        int firstLine = part.line();
        int firstColumn = part.column();
        boolean first = true;
        for (Problem problem : problems) {
            int line = part.line();
            int column = part.column();
            if (problem.pos() != null && problem.pos().getLineNum() > 0) {
                line = part.scriptLine(problem.pos().getLineNum());
                column = part.scriptColumn(
                        problem.pos().getLineNum(), problem.pos().getColumnNum());
            }
            if (first) {
                firstLine = line;
                firstColumn = column;
                first = false;
            }
            lines.add("line " + line + ", column " + column + ": " + problem.message());
        }
        StringBuilder message = new StringBuilder(what)
                .append(" (statement at line ")
                .append(part.line())
                .append(", column ")
                .append(part.column())
                .append(") has ")
                .append(problems.size() == 1 ? "a problem" : problems.size() + " problems")
                .append(':');
        lines.forEach(l -> message.append("\n  - ").append(l));
        return new SqlException(message.toString(), firstLine, firstColumn, part.text(), lines, null);
    }

    /** Rewrites every "line L, column C" of a statement-relative message into script positions. */
    static String remap(ScriptPart part, String message) {
        Matcher m = POSITION.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1));
            int column = Integer.parseInt(m.group(2));
            m.appendReplacement(out, "line " + part.scriptLine(line) + ", column " + part.scriptColumn(line, column));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String shortenExpected(String message) {
        int at = message.indexOf("Was expecting one of:");
        if (at < 0) {
            return message;
        }
        String[] lines = message.substring(at).split("\n");
        if (lines.length <= EXPECTED_SHOWN + 1) {
            return message;
        }
        StringBuilder out = new StringBuilder(message.substring(0, at));
        for (int i = 0; i <= EXPECTED_SHOWN; i++) {
            out.append(lines[i]).append('\n');
        }
        return out.append("    … (")
                .append(lines.length - 1 - EXPECTED_SHOWN)
                .append(" more)")
                .toString();
    }
}
