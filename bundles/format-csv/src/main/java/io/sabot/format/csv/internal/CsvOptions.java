package io.sabot.format.csv.internal;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.ValidatedOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of the {@code csv} format: Flink's keys and defaults, written by users with the {@code csv.} prefix
 * (which the runtime strips), and the {@link Dialect} they make.
 */
public final class CsvOptions {

    private static final String ONE_CHARACTER = "a single ASCII character other than CR or LF (or '\\t' for a tab)";

    public static final OptionDescriptor<String> FIELD_DELIMITER = OptionDescriptor.key("field-delimiter")
            .stringType()
            .defaultValue(",")
            .check(CsvOptions::isOneCharacter, ONE_CHARACTER)
            .description("Field delimiter character, a single ASCII character; '\\t' stands for a tab.");

    public static final OptionDescriptor<Boolean> DISABLE_QUOTE_CHARACTER = OptionDescriptor.key(
                    "disable-quote-character")
            .booleanType()
            .defaultValue(false)
            .description("Disables quoting: fields are never quoted and a quote character has no special meaning. "
                    + "Then 'quote-character' must not be set.");

    public static final OptionDescriptor<String> QUOTE_CHARACTER = OptionDescriptor.key("quote-character")
            .stringType()
            .defaultValue("\"")
            .check(CsvOptions::isOneCharacter, ONE_CHARACTER)
            .description(
                    "Quote character enclosing field values; inside a quoted value it is doubled, or preceded by the "
                            + "escape character when there is one.");

    public static final OptionDescriptor<Boolean> ALLOW_COMMENTS = OptionDescriptor.key("allow-comments")
            .booleanType()
            .defaultValue(false)
            .description("Skips comment lines, lines whose first character is '#'.");

    public static final OptionDescriptor<Boolean> IGNORE_PARSE_ERRORS = OptionDescriptor.key("ignore-parse-errors")
            .booleanType()
            .defaultValue(false)
            .description("Instead of reporting a record that does not parse, sets the bad fields to NULL and keeps "
                    + "the record (missing fields are NULL, extra fields ignored); a record that is not CSV at all "
                    + "(an unterminated quote) is skipped.");

    public static final OptionDescriptor<String> ESCAPE_CHARACTER = OptionDescriptor.key("escape-character")
            .stringType()
            .check(CsvOptions::isOneCharacter, ONE_CHARACTER)
            .description("Escape character (none by default): it makes the next character literal, in quoted and "
                    + "unquoted fields alike.");

    public static final OptionDescriptor<String> NULL_LITERAL = OptionDescriptor.key("null-literal")
            .stringType()
            .description("Text that stands for NULL, e.g. 'null' or '\\N' (none by default: an empty unquoted field "
                    + "is NULL). When set, an empty unquoted VARCHAR field is the empty string.");

    public static final OptionDescriptor<Boolean> WRITE_BIGDECIMAL_IN_SCIENTIFIC_NOTATION = OptionDescriptor.key(
                    "write-bigdecimal-in-scientific-notation")
            .booleanType()
            .defaultValue(true)
            .description("Writes DECIMAL values as Java's BigDecimal.toString() does, in scientific notation when "
                    + "very small (e.g. '1E-10'); false writes plain digits.");

    /** Every option, in the order of the documentation table. */
    public static final List<OptionDescriptor<?>> ALL = List.of(
            FIELD_DELIMITER,
            DISABLE_QUOTE_CHARACTER,
            QUOTE_CHARACTER,
            ALLOW_COMMENTS,
            IGNORE_PARSE_ERRORS,
            ESCAPE_CHARACTER,
            NULL_LITERAL,
            WRITE_BIGDECIMAL_IN_SCIENTIFIC_NOTATION);

    /** No character: compares unequal to every byte. */
    static final int NONE = -1000;

    private CsvOptions() {}

    static boolean isOneCharacter(String value) {
        if (value.equals("\\t")) {
            return true;
        }
        return value.length() == 1 && value.charAt(0) < 128 && value.charAt(0) != '\n' && value.charAt(0) != '\r';
    }

    static int character(String value) {
        return value.equals("\\t") ? '\t' : value.charAt(0);
    }

    /**
     * The settings a decoder and an encoder share, from validated options.
     *
     * @throws OptionValidationException for options that are valid one by one but not together
     */
    static Dialect dialect(ValidatedOptions options) {
        List<OptionError> errors = new ArrayList<>();
        int delimiter = character(options.get(FIELD_DELIMITER));
        boolean quoting = !options.get(DISABLE_QUOTE_CHARACTER);
        int quote = quoting ? character(options.get(QUOTE_CHARACTER)) : NONE;
        String escapeText = options.get(ESCAPE_CHARACTER);
        int escape = escapeText == null ? NONE : character(escapeText);
        if (!quoting && options.contains(QUOTE_CHARACTER.key())) {
            errors.add(new OptionError(
                    QUOTE_CHARACTER.key(),
                    OptionError.Kind.CONFLICT,
                    "option 'quote-character' cannot be set when 'disable-quote-character' is true"));
        }
        if (quote == delimiter) {
            errors.add(new OptionError(
                    QUOTE_CHARACTER.key(),
                    OptionError.Kind.CONFLICT,
                    "option 'quote-character' must differ from 'field-delimiter'"));
        }
        if (escape != NONE && (escape == delimiter || escape == quote)) {
            errors.add(new OptionError(
                    ESCAPE_CHARACTER.key(),
                    OptionError.Kind.CONFLICT,
                    "option 'escape-character' must differ from 'field-delimiter' and 'quote-character'"));
        }
        if (!errors.isEmpty()) {
            StringBuilder message = new StringBuilder("Invalid options for format 'csv':");
            errors.forEach(e -> message.append("\n  - ").append(e.message()));
            throw new OptionValidationException(message.toString(), errors);
        }
        String nullLiteral = options.get(NULL_LITERAL);
        return new Dialect(
                (byte) delimiter,
                quote,
                escape,
                options.get(ALLOW_COMMENTS),
                options.get(IGNORE_PARSE_ERRORS),
                nullLiteral == null ? null : nullLiteral.getBytes(StandardCharsets.UTF_8),
                !options.get(WRITE_BIGDECIMAL_IN_SCIENTIFIC_NOTATION));
    }

    /**
     * A CSV dialect. {@code quote} and {@code escape} are ASCII codes or {@link #NONE}.
     *
     * @param nullLiteral the bytes standing for NULL, or null when an empty field does
     */
    record Dialect(
            byte delimiter,
            int quote,
            int escape,
            boolean allowComments,
            boolean ignoreParseErrors,
            byte[] nullLiteral,
            boolean plainDecimals) {}
}
