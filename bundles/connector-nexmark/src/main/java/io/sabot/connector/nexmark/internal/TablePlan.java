package io.sabot.connector.nexmark.internal;

import io.sabot.connector.nexmark.internal.NexmarkGenerator.Kind;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidatedOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Maps a table's columns onto the fields of the stream its {@code table} option chooses: each column must name a
 * field (case-insensitively) and have a compatible type. A table may declare any subset of the fields, in any
 * order. Checks every column and reports every problem at once.
 */
final class TablePlan {

    /** How a field's values are stored. */
    enum ValueType {
        /** {@code BIGINT}: Arrow {@code Int(64, signed)}. */
        BIGINT("BIGINT"),
        /** {@code STRING} / {@code VARCHAR}: Arrow {@code Utf8}. */
        VARCHAR("VARCHAR"),
        /** {@code TIMESTAMP(3)}, or {@code TIMESTAMP_LTZ(3)}: Arrow {@code Timestamp(MILLISECOND, any zone)}. */
        TIMESTAMP("TIMESTAMP(3)");

        final String sql;

        ValueType(String sql) {
            this.sql = sql;
        }

        boolean accepts(ArrowType type) {
            switch (this) {
                case BIGINT:
                    return type instanceof ArrowType.Int
                            && ((ArrowType.Int) type).getBitWidth() == 64
                            && ((ArrowType.Int) type).getIsSigned();
                case VARCHAR:
                    return type instanceof ArrowType.Utf8;
                default:
                    return type instanceof ArrowType.Timestamp
                            && ((ArrowType.Timestamp) type).getUnit() == TimeUnit.MILLISECOND;
            }
        }
    }

    private static final ValueType B = ValueType.BIGINT;
    private static final ValueType V = ValueType.VARCHAR;
    private static final ValueType T = ValueType.TIMESTAMP;

    /** The types of each kind's fields, in the order of {@link Kind#fieldNames()}: nexmark-flink's DDL. */
    static List<ValueType> types(Kind kind) {
        switch (kind) {
            case PERSON:
                return List.of(B, V, V, V, V, V, T, V);
            case AUCTION:
                return List.of(B, V, V, B, B, T, T, B, B, V);
            default:
                return List.of(B, B, B, V, V, T, V);
        }
    }

    final Kind kind;
    /** Per table column, the index of the field it holds in {@link Kind#fieldNames()}. */
    final int[] fields;
    /** Per table column, its field's type. */
    final ValueType[] types;

    private TablePlan(Kind kind, int[] fields, ValueType[] types) {
        this.kind = kind;
        this.fields = fields;
        this.types = types;
    }

    /** The kind the {@code table} option names. */
    static Kind kind(ValidatedOptions options) {
        return Kind.valueOf(options.require(NexmarkOptions.TABLE).toUpperCase(Locale.ROOT));
    }

    /**
     * Plans {@code schema} for the stream {@code options} choose.
     *
     * @param errors receives one error per problem, keyed by the option it concerns ({@code table}, or the
     *     proportion that makes the table empty)
     * @return the plan, or null when there were errors
     */
    static TablePlan plan(Schema schema, ValidatedOptions options, List<OptionError> errors) {
        Kind kind = kind(options);
        int before = errors.size();
        List<String> names = kind.fieldNames();
        List<ValueType> kindTypes = types(kind);
        List<Field> columns = schema.getFields();
        int[] fields = new int[columns.size()];
        ValueType[] types = new ValueType[columns.size()];
        String table = NexmarkOptions.TABLE.key();
        for (int c = 0; c < columns.size(); c++) {
            Field column = columns.get(c);
            int field = indexOfIgnoreCase(names, column.getName());
            if (field < 0) {
                errors.add(new OptionError(
                        table,
                        OptionError.Kind.INVALID,
                        "option 'table': column '" + column.getName() + "' is not a field of the nexmark " + kind(kind)
                                + " stream, whose fields are " + describe(kind)));
                continue;
            }
            ValueType type = kindTypes.get(field);
            if (!type.accepts(column.getType())) {
                errors.add(new OptionError(
                        table,
                        OptionError.Kind.INVALID,
                        "option 'table': column '" + column.getName() + "' has type " + sqlType(column.getType())
                                + ", but the nexmark " + kind(kind) + " field '" + names.get(field) + "' is a "
                                + type.sql));
                continue;
            }
            fields[c] = field;
            types[c] = type;
        }
        if (kind == Kind.BID && options.get(NexmarkOptions.BID_PROPORTION) == 0) {
            errors.add(new OptionError(
                    NexmarkOptions.BID_PROPORTION.key(),
                    OptionError.Kind.INVALID,
                    "option 'bid.proportion': is 0, so a table of bids would never have a row"));
        }
        return errors.size() == before ? new TablePlan(kind, fields, types) : null;
    }

    private static String kind(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static int indexOfIgnoreCase(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The stream's fields as a DDL would declare them, e.g. {@code auction BIGINT, …, dateTime TIMESTAMP(3)}. */
    static String describe(Kind kind) {
        List<String> parts = new ArrayList<>();
        List<ValueType> types = types(kind);
        for (int i = 0; i < types.size(); i++) {
            parts.add(kind.fieldNames().get(i) + " " + types.get(i).sql);
        }
        return String.join(", ", parts);
    }

    /** A SQL name for an Arrow type, for messages. */
    static String sqlType(ArrowType type) {
        if (type instanceof ArrowType.Int) {
            ArrowType.Int i = (ArrowType.Int) type;
            String name = i.getBitWidth() == 8
                    ? "TINYINT"
                    : i.getBitWidth() == 16 ? "SMALLINT" : i.getBitWidth() == 32 ? "INT" : "BIGINT";
            return i.getIsSigned() ? name : "unsigned " + name;
        }
        if (type instanceof ArrowType.Utf8) {
            return "STRING";
        }
        if (type instanceof ArrowType.FloatingPoint) {
            return ((ArrowType.FloatingPoint) type).getPrecision().name().equals("SINGLE") ? "FLOAT" : "DOUBLE";
        }
        if (type instanceof ArrowType.Timestamp) {
            ArrowType.Timestamp t = (ArrowType.Timestamp) type;
            int precision = t.getUnit() == TimeUnit.SECOND
                    ? 0
                    : t.getUnit() == TimeUnit.MILLISECOND ? 3 : t.getUnit() == TimeUnit.MICROSECOND ? 6 : 9;
            return (t.getTimezone() == null ? "TIMESTAMP(" : "TIMESTAMP_LTZ(") + precision + ")";
        }
        if (type instanceof ArrowType.Decimal) {
            ArrowType.Decimal d = (ArrowType.Decimal) type;
            return "DECIMAL(" + d.getPrecision() + ", " + d.getScale() + ")";
        }
        if (type instanceof ArrowType.Bool) {
            return "BOOLEAN";
        }
        if (type instanceof ArrowType.Date) {
            return "DATE";
        }
        return type.toString();
    }
}
