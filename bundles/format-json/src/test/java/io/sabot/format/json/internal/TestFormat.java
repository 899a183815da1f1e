package io.sabot.format.json.internal;

import static org.junit.Assert.assertEquals;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.ValidatedOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stand-in for the runtime's side of a format: validates options as the runtime does (prefix already stripped),
 * makes a table context, and moves rows between Java values and Arrow batches. {@link #close} checks that every
 * buffer was released.
 */
final class TestFormat implements AutoCloseable {

    static final FormatFactory FACTORY = new JsonFormatFactory();

    static final ArrowType TINYINT = new ArrowType.Int(8, true);
    static final ArrowType SMALLINT = new ArrowType.Int(16, true);
    static final ArrowType INT = new ArrowType.Int(32, true);
    static final ArrowType BIGINT = new ArrowType.Int(64, true);
    static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType BOOLEAN = ArrowType.Bool.INSTANCE;
    static final ArrowType VARCHAR = ArrowType.Utf8.INSTANCE;
    static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
    static final ArrowType TIME = new ArrowType.Time(TimeUnit.MILLISECOND, 32);
    static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);

    static ArrowType decimal(int precision, int scale) {
        return new ArrowType.Decimal(precision, scale, 128);
    }

    /** A schema from name, type, name, type, … */
    static Schema schema(Object... nameTypes) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < nameTypes.length; i += 2) {
            fields.add(Field.nullable((String) nameTypes[i], (ArrowType) nameTypes[i + 1]));
        }
        return new Schema(fields);
    }

    static ValidatedOptions options(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return FACTORY.validate("format 'json' of table 't'", map).orThrow();
    }

    static TableContext table(Schema schema) {
        return new TableContext() {
            @Override
            public String tableName() {
                return "t";
            }

            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public ValidatedOptions options() {
                throw new UnsupportedOperationException("a format reads its own options");
            }

            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public RecordDecoder createDecoder(String formatKey) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RecordEncoder createEncoder(String formatKey) {
                throw new UnsupportedOperationException();
            }
        };
    }

    final RootAllocator allocator = new RootAllocator();
    final Schema schema;
    final RecordDecoder decoder;
    final RecordEncoder encoder;
    /** "index: message" of every record reported to the errors of the last {@link #decode}. */
    final List<String> errors = new ArrayList<>();

    TestFormat(Schema schema, String... options) {
        this.schema = schema;
        ValidatedOptions validated = options(options);
        this.decoder = FACTORY.createDecoder(table(schema), validated);
        this.encoder = FACTORY.createEncoder(table(schema), validated);
    }

    static BinaryRecords records(List<String> lines) {
        BinaryRecords records = new BinaryRecords(2);
        long line = 1;
        for (String text : lines) {
            // each record in an array of its own, at an offset, to catch offset mistakes
            byte[] bytes = ("##" + text + "##").getBytes(StandardCharsets.UTF_8);
            records.add(bytes, 2, bytes.length - 4, line++);
        }
        return records;
    }

    /** Decodes the lines as one batch; rows as Java values; failures in {@link #errors}. */
    List<List<Object>> decode(List<String> lines) {
        errors.clear();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            BinaryRecords records = records(lines);
            int rows = decoder.decode(records, root, (index, message) -> errors.add(index + ": " + message));
            assertEquals(rows, root.getRowCount());
            return read(root);
        }
    }

    /** Encodes rows of Java values; one string per record. */
    List<String> encode(List<List<Object>> rows) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            fill(root, rows);
            BinaryRecords records = new BinaryRecords(1);
            encoder.encode(root, records);
            assertEquals(rows.size(), records.count());
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < records.count(); i++) {
                assertEquals(i, records.position(i));
                lines.add(new String(records.data(i), records.offset(i), records.length(i), StandardCharsets.UTF_8));
            }
            return lines;
        }
    }

    static List<List<Object>> read(VectorSchemaRoot root) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                row.add(value(vector, r));
            }
            rows.add(row);
        }
        return rows;
    }

    static Object value(FieldVector vector, int r) {
        if (vector.isNull(r)) {
            return null;
        }
        if (vector instanceof TinyIntVector) {
            return ((TinyIntVector) vector).get(r);
        } else if (vector instanceof SmallIntVector) {
            return ((SmallIntVector) vector).get(r);
        } else if (vector instanceof IntVector) {
            return ((IntVector) vector).get(r);
        } else if (vector instanceof BigIntVector) {
            return ((BigIntVector) vector).get(r);
        } else if (vector instanceof Float4Vector) {
            return ((Float4Vector) vector).get(r);
        } else if (vector instanceof Float8Vector) {
            return ((Float8Vector) vector).get(r);
        } else if (vector instanceof DecimalVector) {
            return ((DecimalVector) vector).getObject(r);
        } else if (vector instanceof BitVector) {
            return ((BitVector) vector).get(r) != 0;
        } else if (vector instanceof VarCharVector) {
            return new String(((VarCharVector) vector).get(r), StandardCharsets.UTF_8);
        } else if (vector instanceof DateDayVector) {
            return LocalDate.ofEpochDay(((DateDayVector) vector).get(r));
        } else if (vector instanceof TimeMilliVector) {
            return LocalTime.ofNanoOfDay(((TimeMilliVector) vector).get(r) * 1_000_000L);
        } else if (vector instanceof TimeStampMilliVector) {
            long millis = ((TimeStampMilliVector) vector).get(r);
            return LocalDateTime.ofEpochSecond(
                    Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
        }
        throw new AssertionError(vector.getClass());
    }

    static void fill(VectorSchemaRoot root, List<List<Object>> rows) {
        root.allocateNew();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < root.getFieldVectors().size(); c++) {
                FieldVector vector = root.getVector(c);
                Object v = rows.get(r).get(c);
                if (v == null) {
                    if (vector instanceof VarCharVector) {
                        ((VarCharVector) vector).setNull(r);
                    } else {
                        ((org.apache.arrow.vector.BaseFixedWidthVector) vector).setNull(r);
                    }
                } else if (vector instanceof TinyIntVector) {
                    ((TinyIntVector) vector).setSafe(r, ((Number) v).byteValue());
                } else if (vector instanceof SmallIntVector) {
                    ((SmallIntVector) vector).setSafe(r, ((Number) v).shortValue());
                } else if (vector instanceof IntVector) {
                    ((IntVector) vector).setSafe(r, ((Number) v).intValue());
                } else if (vector instanceof BigIntVector) {
                    ((BigIntVector) vector).setSafe(r, ((Number) v).longValue());
                } else if (vector instanceof Float4Vector) {
                    ((Float4Vector) vector).setSafe(r, ((Number) v).floatValue());
                } else if (vector instanceof Float8Vector) {
                    ((Float8Vector) vector).setSafe(r, ((Number) v).doubleValue());
                } else if (vector instanceof DecimalVector) {
                    ((DecimalVector) vector).setSafe(r, (BigDecimal) v);
                } else if (vector instanceof BitVector) {
                    ((BitVector) vector).setSafe(r, (Boolean) v ? 1 : 0);
                } else if (vector instanceof VarCharVector) {
                    ((VarCharVector) vector).setSafe(r, ((String) v).getBytes(StandardCharsets.UTF_8));
                } else if (vector instanceof DateDayVector) {
                    ((DateDayVector) vector).setSafe(r, (int) ((LocalDate) v).toEpochDay());
                } else if (vector instanceof TimeMilliVector) {
                    ((TimeMilliVector) vector).setSafe(r, (int) (((LocalTime) v).toNanoOfDay() / 1_000_000));
                } else if (vector instanceof TimeStampMilliVector) {
                    ((TimeStampMilliVector) vector)
                            .setSafe(
                                    r,
                                    ((LocalDateTime) v)
                                            .toInstant(ZoneOffset.UTC)
                                            .toEpochMilli());
                } else {
                    throw new AssertionError(vector.getClass());
                }
            }
        }
        root.setRowCount(rows.size());
    }

    /** A row from values. */
    static List<Object> row(Object... values) {
        List<Object> row = new ArrayList<>();
        for (Object v : values) {
            row.add(v);
        }
        return row;
    }

    @Override
    public void close() {
        assertEquals("bytes left in the allocator", 0, allocator.getAllocatedMemory());
        allocator.close();
    }
}
