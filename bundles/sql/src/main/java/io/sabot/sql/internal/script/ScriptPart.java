package io.sabot.sql.internal.script;

/**
 * One statement's text cut from a script, with where it starts there.
 *
 * @param text the statement, from its first token to its end, without the {@code ;}
 * @param line the script line (1-based) of its first character
 * @param column the column (1-based) of its first character
 */
public record ScriptPart(String text, int line, int column) {

    /** The script line of a line (1-based) inside {@link #text()}. */
    public int scriptLine(int lineInText) {
        return line + lineInText - 1;
    }

    /** The script column of a position (1-based) inside {@link #text()}. */
    public int scriptColumn(int lineInText, int columnInText) {
        return lineInText <= 1 ? column + columnInText - 1 : columnInText;
    }
}
