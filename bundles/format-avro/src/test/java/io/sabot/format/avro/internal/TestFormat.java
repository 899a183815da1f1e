package io.sabot.format.avro.internal;

import static org.junit.Assert.assertEquals;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.ValidatedOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
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
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * A stand-in for the runtime's side of a format: validates options as the runtime does (prefix already stripped),
 * makes a table context, moves rows between Java values and Arrow batches, and reads and writes records with Apache
 * Avro's own generic reader and writer (logical types as Java time and BigDecimal values) to check interoperability.
 * {@link #close} checks that every buffer was released.
 */
final class TestFormat implements AutoCloseable {

    static final FormatFactory FACTORY = new AvroFormatFactory();

    static final ArrowType TINYINT = new ArrowType.Int(8, true);
    static final ArrowType SMALLINT = new ArrowType.Int(16, true);
    static final ArrowType INT = new ArrowType.Int(32, true);
    static final ArrowType BIGINT = new ArrowType.Int(64, true);
    static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType BOOLEAN = ArrowType.Bool.INSTANCE;
    static final ArrowType STRING = ArrowType.Utf8.INSTANCE;
    static final ArrowType BYTES = ArrowType.Binary.INSTANCE;
    static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
    static final ArrowType TIME = new ArrowType.Time(TimeUnit.MILLISECOND, 32);
    static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
    static final ArrowType TIMESTAMP_LTZ = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");

    /** Avro's generic model with the conversions of the logical types this format maps. */
    static final GenericData MODEL = new GenericData();

    static {
        MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.DateConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        MODEL.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
    }

    static ArrowType decimal(int precision, int scale) {
        return new ArrowType.Decimal(precision, scale, 128);
    }

    /** A schema from name, type, name, type, …; every column nullable. */
    static Schema schema(Object... nameTypes) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < nameTypes.length; i += 2) {
            fields.add(Field.nullable((String) nameTypes[i], (ArrowType) nameTypes[i + 1]));
        }
        return new Schema(fields);
    }

    static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    static ValidatedOptions options(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return FACTORY.validate("format 'avro' of table 't'", map).orThrow();
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
    private final ValidatedOptions options;
    private RecordDecoder decoder;
    private RecordEncoder encoder;
    /** "index: message" of every record reported to the errors of the last {@link #decode}. */
    final List<String> errors = new ArrayList<>();

    TestFormat(Schema schema, String... options) {
        this.schema = schema;
        this.options = options(options);
    }

    /** The decoder, made on first use (a schema may be fit for reading only). */
    RecordDecoder decoder() {
        if (decoder == null) {
            decoder = FACTORY.createDecoder(table(schema), options);
        }
        return decoder;
    }

    /** The encoder, made on first use. */
    RecordEncoder encoder() {
        if (encoder == null) {
            encoder = FACTORY.createEncoder(table(schema), options);
        }
        return encoder;
    }

    /** Each record in an array of its own, at an offset, with bytes around it, to catch offset mistakes. */
    static BinaryRecords records(List<byte[]> values) {
        BinaryRecords records = new BinaryRecords(2);
        long position = 100;
        for (byte[] value : values) {
            byte[] padded = new byte[value.length + 4];
            Arrays.fill(padded, (byte) 0x55);
            System.arraycopy(value, 0, padded, 2, value.length);
            records.add(padded, 2, value.length, position++);
        }
        return records;
    }

    /** Decodes the records as one batch; rows as Java values; failures in {@link #errors}. */
    List<List<Object>> decode(List<byte[]> values) {
        errors.clear();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            int rows = decoder().decode(records(values), root, (index, message) -> errors.add(index + ": " + message));
            assertEquals(rows, root.getRowCount());
            return read(root);
        }
    }

    /** Encodes rows of Java values; the bytes of each record. */
    List<byte[]> encode(List<List<Object>> rows) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            fill(root, rows);
            BinaryRecords records = new BinaryRecords(1);
            encoder().encode(root, records);
            assertEquals(rows.size(), records.count());
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < records.count(); i++) {
                assertEquals(i, records.position(i));
                out.add(Arrays.copyOfRange(records.data(i), records.offset(i), records.offset(i) + records.length(i)));
            }
            return out;
        }
    }

    /** Writes a record with Avro's own generic writer. */
    static byte[] avroWrite(org.apache.avro.Schema avroSchema, GenericRecord record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(avroSchema, MODEL).write(record, encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a record with Avro's own generic reader; checks that it used every byte. */
    static GenericRecord avroRead(org.apache.avro.Schema avroSchema, byte[] bytes) {
        try {
            var decoder = DecoderFactory.get().binaryDecoder(bytes, null);
            GenericRecord record =
                    new GenericDatumReader<GenericRecord>(avroSchema, avroSchema, MODEL).read(null, decoder);
            assertEquals("bytes left after the record", true, decoder.isEnd());
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A generic record's fields as this class's Java values (Avro's strings and buffers converted). */
    static List<Object> values(GenericRecord record) {
        List<Object> row = new ArrayList<>();
        for (org.apache.avro.Schema.Field f : record.getSchema().getFields()) {
            Object v = record.get(f.pos());
            if (v instanceof CharSequence s) {
                v = s.toString();
            } else if (v instanceof ByteBuffer b) {
                byte[] copy = new byte[b.remaining()];
                b.duplicate().get(copy);
                v = copy;
            } else if (v instanceof Instant instant) {
                v = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            }
            row.add(v);
        }
        return row;
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
        if (vector instanceof TinyIntVector v) {
            return v.get(r);
        } else if (vector instanceof SmallIntVector v) {
            return v.get(r);
        } else if (vector instanceof IntVector v) {
            return v.get(r);
        } else if (vector instanceof BigIntVector v) {
            return v.get(r);
        } else if (vector instanceof Float4Vector v) {
            return v.get(r);
        } else if (vector instanceof Float8Vector v) {
            return v.get(r);
        } else if (vector instanceof DecimalVector v) {
            return v.getObject(r);
        } else if (vector instanceof BitVector v) {
            return v.get(r) != 0;
        } else if (vector instanceof VarCharVector v) {
            return new String(v.get(r), StandardCharsets.UTF_8);
        } else if (vector instanceof VarBinaryVector v) {
            return v.get(r);
        } else if (vector instanceof DateDayVector v) {
            return LocalDate.ofEpochDay(v.get(r));
        } else if (vector instanceof TimeMilliVector v) {
            return LocalTime.ofNanoOfDay(v.get(r) * 1_000_000L);
        } else if (vector instanceof TimeStampMilliVector v) {
            return dateTime(v.get(r));
        } else if (vector instanceof TimeStampMilliTZVector v) {
            return dateTime(v.get(r));
        }
        throw new AssertionError(vector.getClass());
    }

    static LocalDateTime dateTime(long millis) {
        return LocalDateTime.ofEpochSecond(
                Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
    }

    static void fill(VectorSchemaRoot root, List<List<Object>> rows) {
        root.allocateNew();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < root.getFieldVectors().size(); c++) {
                FieldVector vector = root.getVector(c);
                Object v = rows.get(r).get(c);
                if (v == null) {
                    if (vector instanceof BaseVariableWidthVector variable) {
                        variable.setNull(r);
                    } else {
                        ((BaseFixedWidthVector) vector).setNull(r);
                    }
                } else if (vector instanceof TinyIntVector t) {
                    t.setSafe(r, ((Number) v).byteValue());
                } else if (vector instanceof SmallIntVector t) {
                    t.setSafe(r, ((Number) v).shortValue());
                } else if (vector instanceof IntVector t) {
                    t.setSafe(r, ((Number) v).intValue());
                } else if (vector instanceof BigIntVector t) {
                    t.setSafe(r, ((Number) v).longValue());
                } else if (vector instanceof Float4Vector t) {
                    t.setSafe(r, ((Number) v).floatValue());
                } else if (vector instanceof Float8Vector t) {
                    t.setSafe(r, ((Number) v).doubleValue());
                } else if (vector instanceof DecimalVector t) {
                    t.setSafe(r, (BigDecimal) v);
                } else if (vector instanceof BitVector t) {
                    t.setSafe(r, (Boolean) v ? 1 : 0);
                } else if (vector instanceof VarCharVector t) {
                    t.setSafe(r, ((String) v).getBytes(StandardCharsets.UTF_8));
                } else if (vector instanceof VarBinaryVector t) {
                    t.setSafe(r, (byte[]) v);
                } else if (vector instanceof DateDayVector t) {
                    t.setSafe(r, (int) ((LocalDate) v).toEpochDay());
                } else if (vector instanceof TimeMilliVector t) {
                    t.setSafe(r, (int) (((LocalTime) v).toNanoOfDay() / 1_000_000));
                } else if (vector instanceof TimeStampMilliVector t) {
                    t.setSafe(r, ((LocalDateTime) v).toInstant(ZoneOffset.UTC).toEpochMilli());
                } else if (vector instanceof TimeStampMilliTZVector t) {
                    t.setSafe(r, ((LocalDateTime) v).toInstant(ZoneOffset.UTC).toEpochMilli());
                } else {
                    throw new AssertionError(vector.getClass());
                }
            }
        }
        root.setRowCount(rows.size());
    }

    /** A row from values. */
    static List<Object> row(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    /** Rows with byte arrays compared by content, for assertEquals. */
    static List<List<Object>> comparable(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> copy = new ArrayList<>();
            for (Object v : row) {
                copy.add(v instanceof byte[] b ? "bytes" + Arrays.toString(b) : v);
            }
            out.add(copy);
        }
        return out;
    }

    @Override
    public void close() {
        assertEquals("bytes left in the allocator", 0, allocator.getAllocatedMemory());
        allocator.close();
    }
}
