package io.sabot.connector.datagen.internal;

import static io.sabot.connector.datagen.internal.DatagenOptions.FIELD_END;
import static io.sabot.connector.datagen.internal.DatagenOptions.FIELD_KIND;
import static io.sabot.connector.datagen.internal.DatagenOptions.FIELD_LENGTH;
import static io.sabot.connector.datagen.internal.DatagenOptions.FIELD_MAX;
import static io.sabot.connector.datagen.internal.DatagenOptions.FIELD_MAX_PAST;
import static io.sabot.connector.datagen.internal.DatagenOptions.FIELD_MIN;
import static io.sabot.connector.datagen.internal.DatagenOptions.FIELD_NULL_RATE;
import static io.sabot.connector.datagen.internal.DatagenOptions.FIELD_START;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns a table's schema and its validated options into one {@link FieldGenerator} per column, checking what the
 * central validation cannot: that every {@code fields.#.…} key names a column, that each option applies to its
 * column's type and kind, and that bounds parse in and fit the column's type. It reports every problem at once.
 */
final class GeneratorPlanner {

    static final String SUPPORTED_TYPES =
            "TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, BOOLEAN, STRING/VARCHAR, DECIMAL(p, s), TIMESTAMP(3), DATE";

    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** The generators of a table, in column order, and how many rows the source makes. */
    static final class Plan {
        final List<FieldGenerator> generators;
        /** The number of rows, or -1 when the source is unbounded. */
        final long totalRows;

        Plan(List<FieldGenerator> generators, long totalRows) {
            this.generators = List.copyOf(generators);
            this.totalRows = totalRows;
        }
    }

    private final String table;
    private final ValidatedOptions options;
    private final List<String> errors = new ArrayList<>();
    private long totalRows;
    private boolean bounded;

    private GeneratorPlanner(String table, ValidatedOptions options) {
        this.table = table;
        this.options = options;
    }

    /**
     * Plans the generators of {@code schema}.
     *
     * @throws PluginException listing every problem, naming the option keys and the table's columns
     */
    static Plan plan(String table, Schema schema, ValidatedOptions options) {
        return new GeneratorPlanner(table, options).plan(schema);
    }

    private Plan plan(Schema schema) {
        List<String> columns = new ArrayList<>();
        schema.getFields().forEach(f -> columns.add(f.getName()));
        Set<String> unknown = new TreeSet<>();
        for (OptionDescriptor<?> option : DatagenOptions.FIELD_OPTIONS) {
            for (String name : options.templateNames(option)) {
                if (!columns.contains(name)) {
                    unknown.add(option.keyFor(name));
                }
            }
        }
        for (String key : unknown) {
            errors.add("option '" + key + "' names no column of the table; its columns are " + columns);
        }

        Long numberOfRows = options.get(DatagenOptions.NUMBER_OF_ROWS);
        bounded = numberOfRows != null;
        totalRows = bounded ? numberOfRows : Long.MAX_VALUE;
        List<FieldGenerator> generators = new ArrayList<>();
        for (Field field : schema.getFields()) {
            generators.add(column(field));
        }
        if (!errors.isEmpty()) {
            throw new PluginException(
                    "Invalid datagen options for table '" + table + "':\n  - " + String.join("\n  - ", errors), false);
        }
        return new Plan(generators, bounded ? totalRows : -1);
    }

    private FieldGenerator column(Field field) {
        String name = field.getName();
        ArrowType type = field.getType();
        String sqlType = sqlType(type);
        if (sqlType == null) {
            errors.add("column '" + name + "' has type " + type + ", which datagen cannot generate; supported types: "
                    + SUPPORTED_TYPES);
            return null;
        }
        Column c = new Column(name, sqlType);
        double nullRate = options.get(FIELD_NULL_RATE, name);
        if (nullRate > 0 && !field.isNullable()) {
            c.error(FIELD_NULL_RATE, "column '" + name + "' is NOT NULL");
        }
        boolean sequence = DatagenOptions.SEQUENCE.equals(options.get(FIELD_KIND, name));
        if (sequence && !(type instanceof ArrowType.Int)) {
            c.error(
                    FIELD_KIND,
                    "a sequence needs an integer column (TINYINT, SMALLINT, INT or BIGINT); '" + name + "' is "
                            + sqlType);
            return null;
        }
        switch (type.getTypeID()) {
            case Int:
                return integer(c, (ArrowType.Int) type, sequence, nullRate);
            case FloatingPoint:
                boolean single = ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.SINGLE;
                return floating(c, single, nullRate);
            case Bool:
                c.allowOnly();
                return new BooleanGenerator(name, nullRate);
            case Utf8:
                c.allowOnly(FIELD_LENGTH);
                return new StringGenerator(name, nullRate, options.get(FIELD_LENGTH, name));
            case Decimal:
                return decimal(c, (ArrowType.Decimal) type, nullRate);
            case Timestamp:
                return temporal(c, 8, 1, nullRate);
            case Date:
                return temporal(c, 4, MILLIS_PER_DAY, nullRate);
            default:
                throw new AssertionError(type);
        }
    }

    private FieldGenerator integer(Column c, ArrowType.Int type, boolean sequence, double nullRate) {
        int bits = type.getBitWidth();
        long typeMin = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        long typeMax = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        int width = bits / 8;
        if (sequence) {
            c.allowOnly(FIELD_START, FIELD_END);
            Long start = options.get(FIELD_START, c.name);
            Long end = options.get(FIELD_END, c.name);
            for (OptionDescriptor<Long> bound : List.of(FIELD_START, FIELD_END)) {
                Long value = options.get(bound, c.name);
                if (value == null) {
                    errors.add("option '" + bound.keyFor(c.name) + "' is required: column '" + c.name
                            + "' is a sequence (kind 'sequence' counts from start to end)");
                } else if (value < typeMin || value > typeMax) {
                    c.error(
                            bound,
                            "must be between " + typeMin + " and " + typeMax + " for a " + c.sqlType + " column, got "
                                    + value);
                }
            }
            if (start == null || end == null) {
                return null;
            }
            if (start > end) {
                c.error(FIELD_START, "the start " + start + " is after the end " + end);
                return null;
            }
            long count = end - start; // may overflow for the full 64-bit range
            limitRows(count >= 0 && count < Long.MAX_VALUE ? count + 1 : Long.MAX_VALUE);
            return IntegralGenerator.sequence(c.name, nullRate, width, start);
        }
        c.allowOnly(FIELD_MIN, FIELD_MAX);
        Long min = c.integerBound(FIELD_MIN, typeMin, typeMax);
        Long max = c.integerBound(FIELD_MAX, typeMin, typeMax);
        if (min == null || max == null || !c.ordered(min, max)) {
            return null;
        }
        return IntegralGenerator.range(c.name, nullRate, width, min, max);
    }

    private FieldGenerator floating(Column c, boolean single, double nullRate) {
        c.allowOnly(FIELD_MIN, FIELD_MAX);
        // Flink's defaults: from the smallest positive value to the largest
        double typeMin = single ? Float.MIN_VALUE : Double.MIN_VALUE;
        double typeMax = single ? Float.MAX_VALUE : Double.MAX_VALUE;
        double limit = single ? Float.MAX_VALUE : Double.MAX_VALUE;
        Double min = c.floatingBound(FIELD_MIN, typeMin, limit);
        Double max = c.floatingBound(FIELD_MAX, typeMax, limit);
        if (min == null || max == null || !c.ordered(min, max)) {
            return null;
        }
        return new FloatingGenerator(c.name, nullRate, single, min, max);
    }

    private FieldGenerator decimal(Column c, ArrowType.Decimal type, double nullRate) {
        c.allowOnly(FIELD_MIN, FIELD_MAX);
        int precision = type.getPrecision();
        int scale = type.getScale();
        BigInteger largest = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
        BigInteger min = c.decimalBound(FIELD_MIN, largest.negate(), largest, scale);
        BigInteger max = c.decimalBound(FIELD_MAX, largest, largest, scale);
        if (min == null || max == null) {
            return null;
        }
        if (min.compareTo(max) > 0) {
            c.error(
                    FIELD_MIN,
                    "the minimum " + new BigDecimal(min, scale) + " is above the maximum "
                            + new BigDecimal(max, scale));
            return null;
        }
        return new DecimalGenerator(c.name, nullRate, min, max);
    }

    /** TIMESTAMP(3) (unit 1 ms, 8 bytes) or DATE (unit 1 day, 4 bytes). */
    private FieldGenerator temporal(Column c, int width, long unitMillis, double nullRate) {
        c.allowOnly(FIELD_MIN, FIELD_MAX, FIELD_MAX_PAST);
        boolean date = unitMillis == MILLIS_PER_DAY;
        boolean hasMin = options.contains(FIELD_MIN.keyFor(c.name));
        boolean hasMax = options.contains(FIELD_MAX.keyFor(c.name));
        if (hasMin || hasMax) {
            if (options.contains(FIELD_MAX_PAST.keyFor(c.name))) {
                c.error(FIELD_MAX_PAST, "give either max-past or min and max, not both");
                return null;
            }
            if (!hasMin || !hasMax) {
                OptionDescriptor<String> missing = hasMin ? FIELD_MAX : FIELD_MIN;
                errors.add("option '" + missing.keyFor(c.name) + "' is required with '"
                        + (hasMin ? FIELD_MIN : FIELD_MAX).keyFor(c.name) + "' for " + c.sqlType + " column '"
                        + c.name + "'");
                return null;
            }
            Long min = c.temporalBound(FIELD_MIN, date);
            Long max = c.temporalBound(FIELD_MAX, date);
            if (min == null || max == null || !c.ordered(min, max)) {
                return null;
            }
            return IntegralGenerator.range(c.name, nullRate, width, min, max);
        }
        Duration maxPast = options.get(FIELD_MAX_PAST, c.name);
        long units;
        try {
            units = maxPast.toMillis() / unitMillis;
        } catch (ArithmeticException e) {
            c.error(FIELD_MAX_PAST, "too long");
            return null;
        }
        // keep now - maxPast far from overflow (and inside DATE's int range)
        long limit = date ? 1_000_000L * 366 : 1_000_000L * 366 * MILLIS_PER_DAY;
        if (units > limit) {
            c.error(FIELD_MAX_PAST, "must be at most a million years");
            return null;
        }
        return IntegralGenerator.recent(c.name, nullRate, width, units, unitMillis);
    }

    private void limitRows(long rows) {
        bounded = true;
        totalRows = Math.min(totalRows, rows);
    }

    /** The SQL name of a supported Arrow type, or null. */
    static String sqlType(ArrowType type) {
        switch (type.getTypeID()) {
            case Int:
                ArrowType.Int i = (ArrowType.Int) type;
                if (!i.getIsSigned()) {
                    return null;
                }
                switch (i.getBitWidth()) {
                    case 8:
                        return "TINYINT";
                    case 16:
                        return "SMALLINT";
                    case 32:
                        return "INT";
                    case 64:
                        return "BIGINT";
                    default:
                        return null;
                }
            case FloatingPoint:
                FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
                return p == FloatingPointPrecision.SINGLE
                        ? "FLOAT"
                        : p == FloatingPointPrecision.DOUBLE ? "DOUBLE" : null;
            case Bool:
                return "BOOLEAN";
            case Utf8:
                return "STRING";
            case Decimal:
                ArrowType.Decimal d = (ArrowType.Decimal) type;
                return d.getBitWidth() == 128 ? "DECIMAL(" + d.getPrecision() + ", " + d.getScale() + ")" : null;
            case Timestamp:
                ArrowType.Timestamp t = (ArrowType.Timestamp) type;
                return t.getUnit() == TimeUnit.MILLISECOND && t.getTimezone() == null ? "TIMESTAMP(3)" : null;
            case Date:
                return ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? "DATE" : null;
            default:
                return null;
        }
    }

    /** One column's options, with messages that name the key, the column and its type. */
    private final class Column {
        final String name;
        final String sqlType;

        Column(String name, String sqlType) {
            this.name = name;
            this.sqlType = sqlType;
        }

        void error(OptionDescriptor<?> option, String problem) {
            errors.add("option '" + option.keyFor(name) + "': " + problem);
        }

        /** Reports every option the user set for this column that does not apply to its type and kind. */
        void allowOnly(OptionDescriptor<?>... applicable) {
            String kind = options.get(FIELD_KIND, name);
            for (OptionDescriptor<?> option : DatagenOptions.FIELD_OPTIONS) {
                if (option == FIELD_KIND
                        || option == FIELD_NULL_RATE
                        || List.of(applicable).contains(option)) {
                    continue;
                }
                if (options.contains(option.keyFor(name))) {
                    error(option, "does not apply to " + kind + " " + sqlType + " column '" + name + "'");
                }
            }
        }

        Long integerBound(OptionDescriptor<String> option, long typeMin, long typeMax) {
            String text = options.get(option, name);
            if (text == null) {
                return option == FIELD_MIN ? typeMin : typeMax;
            }
            long value;
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                error(option, "expected an integer for " + sqlType + " column '" + name + "', got '" + text + "'");
                return null;
            }
            if (value < typeMin || value > typeMax) {
                error(
                        option,
                        "must be between " + typeMin + " and " + typeMax + " for " + sqlType + " column '" + name
                                + "', got " + value);
                return null;
            }
            return value;
        }

        Double floatingBound(OptionDescriptor<String> option, double fallback, double limit) {
            String text = options.get(option, name);
            if (text == null) {
                return fallback;
            }
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                error(option, "expected a number for " + sqlType + " column '" + name + "', got '" + text + "'");
                return null;
            }
            if (!(Math.abs(value) <= limit)) {
                error(option, "must be a finite " + sqlType + " value, got '" + text + "'");
                return null;
            }
            return value;
        }

        /** The unscaled value of a decimal bound. */
        BigInteger decimalBound(OptionDescriptor<String> option, BigInteger fallback, BigInteger largest, int scale) {
            String text = options.get(option, name);
            if (text == null) {
                return fallback;
            }
            BigInteger unscaled;
            try {
                unscaled = new BigDecimal(text.trim())
                        .setScale(scale, RoundingMode.UNNECESSARY)
                        .unscaledValue();
            } catch (NumberFormatException e) {
                error(option, "expected a number for " + sqlType + " column '" + name + "', got '" + text + "'");
                return null;
            } catch (ArithmeticException e) {
                error(
                        option,
                        "has more than " + scale + " digits after the point for " + sqlType + " column '" + name
                                + "', got '" + text + "'");
                return null;
            }
            if (unscaled.abs().compareTo(largest) > 0) {
                error(option, "does not fit " + sqlType + " column '" + name + "', got '" + text + "'");
                return null;
            }
            return unscaled;
        }

        /** Epoch milliseconds (TIMESTAMP) or epoch days (DATE), UTC. */
        Long temporalBound(OptionDescriptor<String> option, boolean date) {
            String text = options.get(option, name).trim();
            try {
                if (date) {
                    return LocalDate.parse(text).toEpochDay();
                }
                LocalDateTime time = text.length() == 10
                        ? LocalDate.parse(text).atStartOfDay()
                        : LocalDateTime.parse(text.replace(' ', 'T'));
                return time.toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                error(
                        option,
                        "expected a " + (date ? "date such as '2024-01-31'" : "timestamp such as '2024-01-31 12:00:00'")
                                + " for " + sqlType + " column '" + name + "', got '" + text + "'");
                return null;
            }
        }

        /** Checks min <= max; a bound the user did not give is called a default in the message. */
        <T extends Comparable<T>> boolean ordered(T min, T max) {
            if (min.compareTo(max) <= 0) {
                return true;
            }
            boolean userMin = options.contains(FIELD_MIN.keyFor(name));
            error(
                    userMin ? FIELD_MIN : FIELD_MAX,
                    "the minimum " + shown(FIELD_MIN, min) + " is above the maximum " + shown(FIELD_MAX, max));
            return false;
        }

        private String shown(OptionDescriptor<String> option, Object value) {
            String text = options.get(option, name);
            return text != null ? "'" + text.trim() + "'" : value + " (default)";
        }
    }
}
