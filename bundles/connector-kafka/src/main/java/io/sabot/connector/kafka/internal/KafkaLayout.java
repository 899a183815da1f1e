package io.sabot.connector.kafka.internal;

import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.ValidatedOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Which physical columns a record's key and value hold, as Flink's Kafka connectors decide it: the key holds {@code
 * key.fields} (or, for {@code upsert-kafka}, the primary key) with {@code key.fields-prefix} stripped from their names,
 * the value every column ({@code value.fields-include}={@code ALL}) or the others ({@code EXCEPT_KEY}). Immutable.
 *
 * @param keyColumns positions of the key columns in the physical schema, in key order; empty without a key format
 * @param valueColumns positions of the value columns, ascending
 * @param keySchema the key columns as the key format sees them (prefix stripped)
 * @param valueSchema the value columns as the value format sees them
 */
record KafkaLayout(int[] keyColumns, int[] valueColumns, Schema keySchema, Schema valueSchema) {

    boolean hasKey() {
        return keyColumns.length > 0;
    }

    /** Whether the value holds the key columns too ({@code ALL}): then they are read from the value. */
    boolean valueHoldsKey() {
        return hasKey() && contains(valueColumns, keyColumns[0]);
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * The layout of a {@code kafka} table: the key from {@code key.fields}.
     *
     * @throws OptionValidationException naming every bad key, as {@link #check} reports them
     */
    static KafkaLayout of(String tableName, Schema physical, ValidatedOptions options) {
        List<String> keyFields = options.get(KafkaOptions.KEY_FIELDS);
        return build(tableName, physical, options, keyFields == null ? List.of() : keyFields, "kafka");
    }

    /**
     * The layout of an {@code upsert-kafka} table: the key is the primary key.
     *
     * @throws OptionValidationException when the table has no primary key, or the options do not fit it
     */
    static KafkaLayout upsert(String tableName, Schema physical, List<Integer> primaryKey, ValidatedOptions options) {
        List<String> keyFields = new ArrayList<>();
        for (int position : primaryKey) {
            keyFields.add(physical.getFields().get(position).getName());
        }
        return build(tableName, physical, options, keyFields, UpsertKafkaTableFactory.IDENTIFIER);
    }

    private static KafkaLayout build(
            String tableName, Schema physical, ValidatedOptions options, List<String> keyFields, String connector) {
        List<OptionError> errors = UpsertKafkaTableFactory.IDENTIFIER.equals(connector)
                ? checkUpsert(physical, options, keyFields)
                : check(physical, options);
        if (!errors.isEmpty()) {
            throw KafkaTableFactory.invalid(connector, tableName, errors);
        }
        List<Field> fields = physical.getFields();
        String prefix = prefix(options);
        int[] key = new int[keyFields.size()];
        List<Field> keySchema = new ArrayList<>();
        for (int i = 0; i < key.length; i++) {
            key[i] = indexOf(fields, keyFields.get(i));
            Field f = fields.get(key[i]);
            keySchema.add(new Field(f.getName().substring(prefix.length()), f.getFieldType(), f.getChildren()));
        }
        boolean exceptKey = KafkaOptions.EXCEPT_KEY.equals(options.get(KafkaOptions.VALUE_FIELDS_INCLUDE));
        List<Integer> value = new ArrayList<>();
        List<Field> valueSchema = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (!exceptKey || !contains(key, i)) {
                value.add(i);
                valueSchema.add(fields.get(i));
            }
        }
        return new KafkaLayout(
                key,
                value.stream().mapToInt(Integer::intValue).toArray(),
                new Schema(keySchema),
                new Schema(valueSchema));
    }

    private static String prefix(ValidatedOptions options) {
        String prefix = options.get(KafkaOptions.KEY_FIELDS_PREFIX);
        return prefix == null ? "" : prefix;
    }

    private static int indexOf(List<Field> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The checks of a {@code kafka} table's key options against its columns, as Flink makes them: {@code key.fields}
     * and {@code key.format} go together, every key field is a physical column (named once) that starts with {@code
     * key.fields-prefix}, a prefix needs {@code EXCEPT_KEY} (with {@code ALL} key and value fields would overlap), and
     * {@code EXCEPT_KEY} needs key fields. One error per problem, naming the option.
     */
    static List<OptionError> check(Schema physical, ValidatedOptions options) {
        List<OptionError> errors = new ArrayList<>();
        boolean keyFormat = options.contains(KafkaOptions.KEY_FORMAT.key());
        List<String> keyFields = options.get(KafkaOptions.KEY_FIELDS);
        boolean hasKeyFields = keyFields != null && !keyFields.isEmpty();
        if (hasKeyFields && !keyFormat) {
            errors.add(new OptionError(
                    KafkaOptions.KEY_FORMAT.key(),
                    OptionError.Kind.MISSING,
                    "missing option 'key.format', required by 'key.fields': the format of record keys, e.g. 'json' "
                            + "or 'raw'"));
        }
        if (keyFormat && !hasKeyFields) {
            errors.add(new OptionError(
                    KafkaOptions.KEY_FIELDS.key(),
                    OptionError.Kind.MISSING,
                    "missing option 'key.fields', required by 'key.format': the columns of the record key, "
                            + "separated by ';'"));
        }
        checkKeyFields(errors, physical, options, hasKeyFields ? keyFields : List.of(), KafkaOptions.KEY_FIELDS.key());
        if (KafkaOptions.EXCEPT_KEY.equals(options.get(KafkaOptions.VALUE_FIELDS_INCLUDE)) && !hasKeyFields) {
            errors.add(new OptionError(
                    KafkaOptions.VALUE_FIELDS_INCLUDE.key(),
                    OptionError.Kind.INVALID,
                    "option 'value.fields-include' is 'EXCEPT_KEY', which needs key columns: set 'key.fields' and "
                            + "'key.format'"));
        }
        return errors;
    }

    /** The checks of an {@code upsert-kafka} table, whose key fields are its primary key. */
    static List<OptionError> checkUpsert(Schema physical, ValidatedOptions options, List<String> primaryKey) {
        List<OptionError> errors = new ArrayList<>();
        if (primaryKey.isEmpty()) {
            errors.add(new OptionError(
                    "PRIMARY KEY",
                    OptionError.Kind.MISSING,
                    "'upsert-kafka' tables require a PRIMARY KEY (…) NOT ENFORCED: its columns are the record key, "
                            + "by which records update and delete"));
        }
        checkKeyFields(errors, physical, options, primaryKey, "PRIMARY KEY");
        return errors;
    }

    private static void checkKeyFields(
            List<OptionError> errors,
            Schema physical,
            ValidatedOptions options,
            List<String> keyFields,
            String origin) {
        String prefix = prefix(options);
        boolean exceptKey = KafkaOptions.EXCEPT_KEY.equals(options.get(KafkaOptions.VALUE_FIELDS_INCLUDE));
        if (!prefix.isEmpty() && !exceptKey) {
            errors.add(new OptionError(
                    KafkaOptions.KEY_FIELDS_PREFIX.key(),
                    OptionError.Kind.CONFLICT,
                    "option 'key.fields-prefix' needs 'value.fields-include'='EXCEPT_KEY': with 'ALL' the value holds "
                            + "the key columns too, and key and value fields would overlap"));
        }
        List<Field> fields = physical.getFields();
        Set<String> seen = new HashSet<>();
        for (String name : keyFields) {
            String option = origin.equals("PRIMARY KEY") ? "the PRIMARY KEY" : "option '" + origin + "'";
            if (indexOf(fields, name) < 0) {
                errors.add(new OptionError(
                        origin,
                        OptionError.Kind.INVALID,
                        option + ": no physical column '" + name + "'; a key field must be a regular, physical "
                                + "column, one of: "
                                + String.join(
                                        ", ",
                                        fields.stream().map(Field::getName).toList())));
            } else if (!seen.add(name)) {
                errors.add(new OptionError(
                        origin, OptionError.Kind.INVALID, option + ": column '" + name + "' is named twice"));
            } else if (!name.startsWith(prefix)) {
                errors.add(new OptionError(
                        origin,
                        OptionError.Kind.INVALID,
                        option + ": column '" + name + "' does not start with '" + prefix + "', the "
                                + "'key.fields-prefix'; every key column must"));
            } else if (!prefix.isEmpty() && name.length() == prefix.length()) {
                errors.add(new OptionError(
                        origin,
                        OptionError.Kind.INVALID,
                        option + ": column '" + name + "' is only the 'key.fields-prefix', which leaves the key "
                                + "format no field name"));
            }
        }
    }
}
