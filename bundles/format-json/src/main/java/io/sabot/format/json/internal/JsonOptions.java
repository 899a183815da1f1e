package io.sabot.format.json.internal;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;

/**
 * The options of the {@code json} format: Flink's keys and defaults, written by users with the {@code json.} prefix
 * (which the runtime strips).
 */
public final class JsonOptions {

    /** Timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS}. */
    public static final String SQL = "SQL";

    /** Timestamps as {@code yyyy-MM-ddTHH:mm:ss.SSS}. */
    public static final String ISO_8601 = "ISO-8601";

    public static final OptionDescriptor<Boolean> FAIL_ON_MISSING_FIELD = OptionDescriptor.key("fail-on-missing-field")
            .booleanType()
            .defaultValue(false)
            .description("Reports a record that has no field for one of the columns, instead of setting the column "
                    + "to NULL.");

    public static final OptionDescriptor<Boolean> IGNORE_PARSE_ERRORS = OptionDescriptor.key("ignore-parse-errors")
            .booleanType()
            .defaultValue(false)
            .description("Instead of reporting a record that does not parse, sets the bad fields to NULL and keeps "
                    + "the record; a record that is not a JSON object at all is skipped.");

    public static final OptionDescriptor<String> TIMESTAMP_FORMAT_STANDARD = OptionDescriptor.key(
                    "timestamp-format.standard")
            .enumType(SQL, ISO_8601)
            .defaultValue(SQL)
            .description("How TIMESTAMP values are written: 'SQL' as '2020-12-30 12:13:14.123', 'ISO-8601' as "
                    + "'2020-12-30T12:13:14.123'. Both spellings are read either way.");

    public static final OptionDescriptor<Boolean> ENCODE_DECIMAL_AS_PLAIN_NUMBER = OptionDescriptor.key(
                    "encode.decimal-as-plain-number")
            .booleanType()
            .defaultValue(false)
            .description("Writes DECIMAL values with plain digits (0.000000027) instead of Java's BigDecimal "
                    + "notation, which is scientific for very small values (2.7E-8).");

    public static final OptionDescriptor<Boolean> ENCODE_IGNORE_NULL_FIELDS = OptionDescriptor.key(
                    "encode.ignore-null-fields")
            .booleanType()
            .defaultValue(false)
            .description("Leaves NULL columns out of the written objects instead of writing them as null.");

    /** Every option, in the order of the documentation table. */
    public static final List<OptionDescriptor<?>> ALL = List.of(
            FAIL_ON_MISSING_FIELD,
            IGNORE_PARSE_ERRORS,
            TIMESTAMP_FORMAT_STANDARD,
            ENCODE_DECIMAL_AS_PLAIN_NUMBER,
            ENCODE_IGNORE_NULL_FIELDS);

    private JsonOptions() {}

    /**
     * Checks what descriptors alone cannot.
     *
     * @throws OptionValidationException when both fail-on-missing-field and ignore-parse-errors are true (as Flink)
     */
    static ValidatedOptions check(ValidatedOptions options) {
        if (options.get(FAIL_ON_MISSING_FIELD) && options.get(IGNORE_PARSE_ERRORS)) {
            OptionError error = new OptionError(
                    FAIL_ON_MISSING_FIELD.key(),
                    OptionError.Kind.CONFLICT,
                    "options 'fail-on-missing-field' and 'ignore-parse-errors' cannot both be true");
            throw new OptionValidationException(
                    "Invalid options for format 'json':\n  - " + error.message(), List.of(error));
        }
        return options;
    }
}
