package io.sabot.sql.internal.script;

import io.sabot.sql.SqlException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script at the semicolons that are outside string literals ({@code '…'} with {@code ''} escapes),
 * quoted identifiers ({@code "…"}, {@code `…`}) and comments ({@code -- …} to the end of the line, {@code /* … *}{@code
 * /}). Each statement starts at its first character that is neither white space nor comment, so that positions
 * inside it map back to the script; statements made only of comments are dropped.
 */
public final class ScriptSplitter {

    private ScriptSplitter() {}

    public static List<ScriptPart> split(String script) {
        List<ScriptPart> parts = new ArrayList<>();
        Cursor cursor = new Cursor(script);
        int start = -1;
        int startLine = 0;
        int startColumn = 0;
        while (!cursor.atEnd()) {
            char c = cursor.peek();
            if (Character.isWhitespace(c)) {
                cursor.advance();
                continue;
            }
            if (c == '-' && cursor.peek(1) == '-') {
                cursor.skipLineComment();
                continue;
            }
            if (c == '/' && cursor.peek(1) == '*') {
                cursor.skipBlockComment();
                continue;
            }
            if (c == ';') {
                if (start >= 0) {
                    parts.add(part(script, start, cursor.position, startLine, startColumn));
                    start = -1;
                }
                cursor.advance();
                continue;
            }
            if (start < 0) {
                start = cursor.position;
                startLine = cursor.line;
                startColumn = cursor.column;
            }
            if (c == '\'' || c == '"' || c == '`') {
                cursor.skipQuoted(c);
            } else {
                cursor.advance();
            }
        }
        if (start >= 0) {
            parts.add(part(script, start, script.length(), startLine, startColumn));
        }
        return parts;
    }

    private static ScriptPart part(String script, int start, int end, int line, int column) {
        return new ScriptPart(script.substring(start, end).stripTrailing(), line, column);
    }

    /** Walks a script keeping track of line and column. */
    static final class Cursor {
        final String text;
        int position;
        int line = 1;
        int column = 1;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        char peek() {
            return text.charAt(position);
        }

        char peek(int ahead) {
            int i = position + ahead;
            return i < text.length() ? text.charAt(i) : '\0';
        }

        void advance() {
            if (text.charAt(position) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            position++;
        }

        void skipLineComment() {
            while (!atEnd() && peek() != '\n') {
                advance();
            }
        }

        void skipBlockComment() {
            int line0 = line;
            int column0 = column;
            advance();
            advance();
            while (!atEnd()) {
                if (peek() == '*' && peek(1) == '/') {
                    advance();
                    advance();
                    return;
                }
                advance();
            }
            throw new SqlException(
                    "Unterminated comment: the /* at line " + line0 + ", column " + column0 + " is never closed",
                    line0,
                    column0,
                    "",
                    List.of(),
                    null);
        }

        /** Skips a quoted literal or identifier; a doubled quote inside is an escaped quote. An open one runs to the end. */
        void skipQuoted(char quote) {
            advance();
            while (!atEnd()) {
                if (peek() == quote) {
                    if (peek(1) == quote) {
                        advance();
                        advance();
                        continue;
                    }
                    advance();
                    return;
                }
                advance();
            }
        }
    }
}
