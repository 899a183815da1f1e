package io.sabot.sql.internal.script;

import org.apache.calcite.sql.parser.SqlParserPos;

/** Cuts pieces of a statement's text by parser positions (1-based lines and columns; tabs count as one column). */
public final class Text {

    private Text() {}

    /** The offset of a 1-based line and column in the text. */
    public static int offset(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int newline = text.indexOf('\n', offset);
            if (newline < 0) {
                return text.length();
            }
            offset = newline + 1;
        }
        return Math.min(text.length(), offset + column - 1);
    }

    /** The text a node spans, from its first to its last character. */
    public static String slice(String text, SqlParserPos pos) {
        int start = offset(text, pos.getLineNum(), pos.getColumnNum());
        int end = offset(text, pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
        return text.substring(start, Math.max(start, Math.min(end, text.length())));
    }

    /** The text after a position (e.g. after the AS of CREATE VIEW … AS query). */
    public static String after(String text, SqlParserPos pos) {
        int end = offset(text, pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
        return text.substring(Math.min(end, text.length())).strip();
    }
}
