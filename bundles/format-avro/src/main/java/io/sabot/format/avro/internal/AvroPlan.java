package io.sabot.format.avro.internal;

import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * What the decoder and encoder do, field by field of the writer schema: which column a field is, how it is encoded
 * (the Avro type after taking {@code null} out of a union), which union branch is {@code null}. Made once per decoder
 * or encoder from the table's columns and either the schema derived from them (as Flink's {@code
 * AvroSchemaConverter} does) or the user's {@code avro.schema}, checked against the columns in the direction of use:
 * reading accepts Avro's promotions (int to BIGINT, float to DOUBLE, …), writing only types that hold every value.
 */
final class AvroPlan {

    // column kinds
    static final int BOOLEAN = 0;
    static final int TINYINT = 1;
    static final int SMALLINT = 2;
    static final int INT = 3;
    static final int BIGINT = 4;
    static final int FLOAT = 5;
    static final int DOUBLE = 6;
    static final int DECIMAL = 7;
    static final int STRING = 8;
    static final int BYTES = 9;
    static final int DATE = 10;
    static final int TIME = 11;
    static final int TIMESTAMP = 12;
    static final int TIMESTAMP_LTZ = 13;

    private static final String[] SQL_NAMES = {
        "BOOLEAN",
        "TINYINT",
        "SMALLINT",
        "INT",
        "BIGINT",
        "FLOAT",
        "DOUBLE",
        "DECIMAL",
        "STRING",
        "BYTES",
        "DATE",
        "TIME(3)",
        "TIMESTAMP(3)",
        "TIMESTAMP_LTZ(3)"
    };

    static final String SUPPORTED = "BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), STRING, "
            + "BYTES, DATE, TIME(3), TIMESTAMP(3), TIMESTAMP_LTZ(3)";

    // how a field is encoded
    static final int A_BOOLEAN = 0;
    static final int A_INT = 1;
    static final int A_LONG = 2;
    static final int A_FLOAT = 3;
    static final int A_DOUBLE = 4;
    static final int A_STRING = 5;
    static final int A_BYTES = 6;
    static final int A_FIXED = 7;
    /** Not a column: skipped when reading ({@link #skip}), written as null. */
    static final int A_NONE = 8;

    /** The namespace and name Flink gives a derived record schema. */
    static final String NAMESPACE = "org.apache.flink.avro.generated";

    static final String NAME = "record";

    /** The writer schema: derived, or the user's. */
    final Schema schema;
    /** Whether {@link #schema} is the user's {@code avro.schema}. */
    final boolean inline;

    // per column
    final int[] kinds;
    final String[] columnNames;
    final int[] precisions;
    final int[] scales;

    // per field of the writer schema, in its order
    final String[] fieldNames;
    final int[] columns;
    final int[] ops;
    /** The union branch that is null, or -1 when the field is not a union with null. */
    final int[] nullBranches;
    /** The size of a fixed field. */
    final int[] fixedSizes;
    /** Whether a time or timestamp field counts microseconds (the columns hold milliseconds). */
    final boolean[] micros;
    /** The schema of a field that is not a column, to skip its value. */
    final Schema[] skip;

    private AvroPlan(org.apache.arrow.vector.types.pojo.Schema table, Schema schema, boolean inline, boolean read) {
        List<Field> fields = table.getFields();
        this.schema = schema;
        this.inline = inline;
        this.kinds = kinds(fields);
        int n = fields.size();
        this.columnNames = new String[n];
        this.precisions = new int[n];
        this.scales = new int[n];
        Map<String, Integer> byName = new HashMap<>();
        for (int c = 0; c < n; c++) {
            columnNames[c] = fields.get(c).getName();
            byName.putIfAbsent(columnNames[c], c);
            if (kinds[c] == DECIMAL) {
                ArrowType.Decimal d = (ArrowType.Decimal) fields.get(c).getType();
                precisions[c] = d.getPrecision();
                scales[c] = d.getScale();
            }
        }
        List<String> problems = new ArrayList<>();
        if (schema.getType() != Schema.Type.RECORD) {
            throw invalid(List.of("must be a record schema, got " + schema));
        }
        List<Schema.Field> writerFields = schema.getFields();
        int m = writerFields.size();
        this.fieldNames = new String[m];
        this.columns = new int[m];
        this.ops = new int[m];
        this.nullBranches = new int[m];
        this.fixedSizes = new int[m];
        this.micros = new boolean[m];
        this.skip = new Schema[m];
        boolean[] covered = new boolean[n];
        for (int f = 0; f < m; f++) {
            Schema.Field field = writerFields.get(f);
            fieldNames[f] = field.name();
            Integer column = byName.get(field.name());
            columns[f] = column == null ? -1 : column;
            nullBranches[f] = -1;
            if (column != null) {
                covered[column] = true;
            }
            Schema type = field.schema();
            if (type.getType() == Schema.Type.UNION) {
                List<Schema> branches = type.getTypes();
                int nulls = 0;
                for (int b = 0; b < branches.size(); b++) {
                    if (branches.get(b).getType() == Schema.Type.NULL) {
                        nullBranches[f] = b;
                        nulls++;
                    }
                }
                if (branches.size() == 2 && nulls == 1) {
                    type = branches.get(1 - nullBranches[f]);
                } else if (column != null) {
                    problems.add("field '" + field.name() + "' is the union " + type
                            + ": only a union of null and one type is supported");
                    continue;
                }
            }
            if (column == null) {
                ops[f] = A_NONE;
                skip[f] = field.schema();
                if (!read && nullBranches[f] < 0 && type.getType() != Schema.Type.NULL) {
                    problems.add("field '" + field.name() + "' is no column of the table and not nullable: it cannot"
                            + " be written");
                }
                continue;
            }
            int c = column;
            int op = op(kinds[c], type, read, precisions[c], scales[c]);
            if (op < 0) {
                problems.add("field '" + field.name() + "' is " + type + ", which "
                        + (read ? "cannot be read into" : "cannot hold") + " column '" + columnNames[c] + "' "
                        + sqlName(c));
                continue;
            }
            ops[f] = op;
            fixedSizes[f] = type.getType() == Schema.Type.FIXED ? type.getFixedSize() : 0;
            LogicalType logical = type.getLogicalType();
            micros[f] = logical instanceof LogicalTypes.TimeMicros
                    || logical instanceof LogicalTypes.TimestampMicros
                    || logical instanceof LogicalTypes.LocalTimestampMicros;
        }
        for (int c = 0; c < n; c++) {
            if (!covered[c]) {
                problems.add("column '" + columnNames[c] + "' " + sqlName(c) + " has no field of that name");
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
    }

    /** The plan of a decoder. */
    static AvroPlan forReading(org.apache.arrow.vector.types.pojo.Schema table, ValidatedOptions options) {
        return of(table, options, true);
    }

    /** The plan of an encoder. */
    static AvroPlan forWriting(org.apache.arrow.vector.types.pojo.Schema table, ValidatedOptions options) {
        return of(table, options, false);
    }

    private static AvroPlan of(
            org.apache.arrow.vector.types.pojo.Schema table, ValidatedOptions options, boolean read) {
        String text = options.get(AvroOptions.SCHEMA);
        if (text == null) {
            return new AvroPlan(table, derive(table, options.get(AvroOptions.TIMESTAMP_MAPPING_LEGACY)), false, read);
        }
        kinds(table.getFields()); // unsupported columns first, whatever the schema says
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw invalid(List.of("does not parse: " + e.getMessage()));
        } catch (RuntimeException e) {
            throw invalid(List.of("does not parse: " + e));
        }
        return new AvroPlan(table, schema, true, read);
    }

    /**
     * The schema Flink derives from a table's columns: a record {@code org.apache.flink.avro.generated.record}, a field
     * per column, a nullable column as the union {@code ["null", type]} with default null.
     *
     * @throws PluginException naming every column of a type the format does not support, or whose name is no Avro name
     */
    static Schema derive(org.apache.arrow.vector.types.pojo.Schema table, boolean legacyTimestamps) {
        List<Field> columns = table.getFields();
        int[] kinds = kinds(columns);
        List<Schema.Field> fields = new ArrayList<>();
        List<String> badNames = new ArrayList<>();
        for (int c = 0; c < kinds.length; c++) {
            Field column = columns.get(c);
            Schema type = derive(kinds[c], column.getType(), legacyTimestamps);
            try {
                fields.add(
                        column.isNullable()
                                ? new Schema.Field(
                                        column.getName(),
                                        Schema.createUnion(Schema.create(Schema.Type.NULL), type),
                                        null,
                                        JsonProperties.NULL_VALUE)
                                : new Schema.Field(column.getName(), type, null, (Object) null));
            } catch (SchemaParseException e) {
                badNames.add("'" + column.getName() + "' (" + e.getMessage() + ")");
            }
        }
        if (!badNames.isEmpty()) {
            throw new PluginException(
                    "format 'avro' cannot name a field after column " + String.join(", ", badNames)
                            + ": Avro names start with a letter or '_' and hold letters, digits and '_'; give the "
                            + "schema in 'avro.schema' or rename the column",
                    false);
        }
        return Schema.createRecord(NAME, null, NAMESPACE, false, fields);
    }

    private static Schema derive(int kind, ArrowType type, boolean legacyTimestamps) {
        switch (kind) {
            case BOOLEAN:
                return Schema.create(Schema.Type.BOOLEAN);
            case TINYINT:
            case SMALLINT:
            case INT:
                return Schema.create(Schema.Type.INT);
            case BIGINT:
                return Schema.create(Schema.Type.LONG);
            case FLOAT:
                return Schema.create(Schema.Type.FLOAT);
            case DOUBLE:
                return Schema.create(Schema.Type.DOUBLE);
            case DECIMAL:
                ArrowType.Decimal d = (ArrowType.Decimal) type;
                return LogicalTypes.decimal(d.getPrecision(), d.getScale())
                        .addToSchema(Schema.create(Schema.Type.BYTES));
            case STRING:
                return Schema.create(Schema.Type.STRING);
            case BYTES:
                return Schema.create(Schema.Type.BYTES);
            case DATE:
                return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case TIME:
                return LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
            case TIMESTAMP:
                return (legacyTimestamps ? LogicalTypes.timestampMillis() : LogicalTypes.localTimestampMillis())
                        .addToSchema(Schema.create(Schema.Type.LONG));
            default: // TIMESTAMP_LTZ
                return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        }
    }

    /**
     * How a field of Avro type {@code type} (not a union) is decoded into, or encoded from, a column of {@code kind};
     * -1 when it cannot be.
     */
    private static int op(int kind, Schema type, boolean read, int precision, int scale) {
        Schema.Type t = type.getType();
        LogicalType logical = type.getLogicalType();
        boolean plain = logical == null;
        switch (kind) {
            case BOOLEAN:
                return t == Schema.Type.BOOLEAN ? A_BOOLEAN : -1;
            case TINYINT:
            case SMALLINT:
            case INT:
                if (plain && t == Schema.Type.INT) {
                    return A_INT;
                }
                return !read && plain && t == Schema.Type.LONG ? A_LONG : -1;
            case BIGINT:
                if (plain && t == Schema.Type.LONG) {
                    return A_LONG;
                }
                return read && plain && t == Schema.Type.INT ? A_INT : -1;
            case FLOAT:
                if (t == Schema.Type.FLOAT) {
                    return A_FLOAT;
                }
                if (read && plain && (t == Schema.Type.INT || t == Schema.Type.LONG)) {
                    return t == Schema.Type.INT ? A_INT : A_LONG;
                }
                return !read && t == Schema.Type.DOUBLE ? A_DOUBLE : -1;
            case DOUBLE:
                if (t == Schema.Type.DOUBLE) {
                    return A_DOUBLE;
                }
                if (read && plain && (t == Schema.Type.INT || t == Schema.Type.LONG)) {
                    return t == Schema.Type.INT ? A_INT : A_LONG;
                }
                return read && t == Schema.Type.FLOAT ? A_FLOAT : -1;
            case DECIMAL:
                if (logical instanceof LogicalTypes.Decimal d
                        && d.getPrecision() == precision
                        && d.getScale() == scale) {
                    return t == Schema.Type.BYTES ? A_BYTES : t == Schema.Type.FIXED ? A_FIXED : -1;
                }
                return -1;
            case STRING:
                if (t == Schema.Type.STRING) {
                    return A_STRING;
                }
                return read && plain && t == Schema.Type.BYTES ? A_BYTES : -1;
            case BYTES:
                if (plain && t == Schema.Type.BYTES) {
                    return A_BYTES;
                }
                return read && t == Schema.Type.STRING ? A_STRING : -1;
            case DATE:
                return t == Schema.Type.INT && logical instanceof LogicalTypes.Date ? A_INT : -1;
            case TIME:
                if (t == Schema.Type.INT && logical instanceof LogicalTypes.TimeMillis) {
                    return A_INT;
                }
                return t == Schema.Type.LONG && logical instanceof LogicalTypes.TimeMicros ? A_LONG : -1;
            default: // TIMESTAMP, TIMESTAMP_LTZ: the epoch count, with or without time zone
                boolean timestamp = logical instanceof LogicalTypes.TimestampMillis
                        || logical instanceof LogicalTypes.LocalTimestampMillis
                        || logical instanceof LogicalTypes.TimestampMicros
                        || logical instanceof LogicalTypes.LocalTimestampMicros;
                return t == Schema.Type.LONG && timestamp ? A_LONG : -1;
        }
    }

    /**
     * The kind of every column.
     *
     * @throws PluginException naming every column whose type the format cannot handle
     */
    static int[] kinds(List<Field> fields) {
        int[] kinds = new int[fields.size()];
        List<String> unsupported = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = kindOf(fields.get(i).getType());
            if (kinds[i] < 0) {
                unsupported.add(
                        "'" + fields.get(i).getName() + "' (" + fields.get(i).getType() + ")");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new PluginException(
                    "format 'avro' cannot handle column " + String.join(", ", unsupported) + "; supported types: "
                            + SUPPORTED,
                    false);
        }
        return kinds;
    }

    private static int kindOf(ArrowType type) {
        if (type instanceof ArrowType.Int t) {
            if (!t.getIsSigned()) {
                return -1;
            }
            return switch (t.getBitWidth()) {
                case 8 -> TINYINT;
                case 16 -> SMALLINT;
                case 32 -> INT;
                case 64 -> BIGINT;
                default -> -1;
            };
        }
        if (type instanceof ArrowType.FloatingPoint t) {
            return t.getPrecision() == FloatingPointPrecision.SINGLE
                    ? FLOAT
                    : t.getPrecision() == FloatingPointPrecision.DOUBLE ? DOUBLE : -1;
        }
        if (type instanceof ArrowType.Decimal t) {
            return t.getBitWidth() == 128 && t.getScale() >= 0 && t.getScale() <= t.getPrecision() ? DECIMAL : -1;
        }
        if (type instanceof ArrowType.Bool) {
            return BOOLEAN;
        }
        if (type instanceof ArrowType.Utf8) {
            return STRING;
        }
        if (type instanceof ArrowType.Binary) {
            return BYTES;
        }
        if (type instanceof ArrowType.Date t) {
            return t.getUnit() == DateUnit.DAY ? DATE : -1;
        }
        if (type instanceof ArrowType.Time t) {
            return t.getUnit() == TimeUnit.MILLISECOND && t.getBitWidth() == 32 ? TIME : -1;
        }
        if (type instanceof ArrowType.Timestamp t) {
            if (t.getUnit() != TimeUnit.MILLISECOND) {
                return -1;
            }
            return t.getTimezone() == null ? TIMESTAMP : TIMESTAMP_LTZ;
        }
        return -1;
    }

    /** The SQL type of column {@code c}, for messages. */
    String sqlName(int c) {
        return kinds[c] == DECIMAL ? "DECIMAL(" + precisions[c] + ", " + scales[c] + ")" : SQL_NAMES[kinds[c]];
    }

    /** Whether field {@code f} can be null. */
    boolean nullable(int f) {
        return nullBranches[f] >= 0;
    }

    private static OptionValidationException invalid(List<String> problems) {
        List<OptionError> errors = new ArrayList<>();
        StringBuilder b = new StringBuilder("Invalid options for format 'avro':");
        for (String problem : problems) {
            String message = "option 'avro.schema' does not fit the table: " + problem;
            if (problem.startsWith("must be") || problem.startsWith("does not parse")) {
                message = "option 'avro.schema' " + problem;
            }
            errors.add(new OptionError(AvroOptions.SCHEMA.key(), OptionError.Kind.INVALID, message));
            b.append("\n  - ").append(message);
        }
        return new OptionValidationException(b.toString(), errors);
    }
}
