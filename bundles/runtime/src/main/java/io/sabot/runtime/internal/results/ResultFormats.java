package io.sabot.runtime.internal.results;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes result rows as CSV (RFC 4180, header line, empty cell for NULL), JSON lines, or an aligned text table. */
public final class ResultFormats {

    private ResultFormats() {}

    public static void writeCsv(List<String> columns, List<List<String>> rows, Writer out) throws IOException {
        writeCsvRecord(columns, out);
        for (List<String> row : rows) {
            writeCsvRecord(row, out);
        }
    }

    private static void writeCsvRecord(List<String> cells, Writer out) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String cell = cells.get(i);
            if (cell == null) {
                continue;
            }
            if (cell.isEmpty()
                    || cell.indexOf(',') >= 0
                    || cell.indexOf('"') >= 0
                    || cell.indexOf('\n') >= 0
                    || cell.indexOf('\r') >= 0) {
                out.write('"');
                out.write(cell.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(cell);
            }
        }
        out.write('\n');
    }

    /**
     * One JSON object per row; a column's values are written as JSON numbers or booleans when {@code unquoted} says
     * so for it (numeric and boolean columns), as strings otherwise.
     */
    public static void writeJsonLines(List<String> columns, List<Boolean> unquoted, List<List<String>> rows, Writer out)
            throws IOException {
        for (List<String> row : rows) {
            out.write('{');
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(jsonString(columns.get(i)));
                out.write(':');
                String cell = row.get(i);
                out.write(cell == null ? "null" : unquoted.get(i) && isJsonNumber(cell) ? cell : jsonString(cell));
            }
            out.write("}\n");
        }
    }

    /** NaN and infinities have no JSON number form: they are written as strings. */
    private static boolean isJsonNumber(String cell) {
        return cell.equals("true")
                || cell.equals("false")
                || cell.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }

    static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A text table as Flink's SQL client prints it in tableau mode. */
    public static String table(List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], display(row.get(c)).length());
            }
        }
        StringBuilder out = new StringBuilder();
        String rule = rule(widths);
        out.append(rule);
        appendRow(out, columns, widths);
        out.append(rule);
        for (List<String> row : rows) {
            appendRow(out, row, widths);
        }
        out.append(rule);
        out.append(rows.size()).append(rows.size() == 1 ? " row" : " rows").append(" in set\n");
        return out.toString();
    }

    private static String display(String cell) {
        return cell == null ? "<NULL>" : cell;
    }

    private static String rule(int[] widths) {
        StringBuilder out = new StringBuilder("+");
        for (int width : widths) {
            out.append("-".repeat(width + 2)).append('+');
        }
        return out.append('\n').toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int c = 0; c < widths.length; c++) {
            String cell = display(cells.get(c));
            out.append(' ')
                    .append(cell)
                    .append(" ".repeat(widths[c] - cell.length()))
                    .append(" |");
        }
        out.append('\n');
    }
}
