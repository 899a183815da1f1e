package io.sabot.format.raw.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/**
 * The raw format moves a record's bytes into the one column and back: strings in UTF-8 untouched, in another charset
 * transcoded, bytes as they are (binary, empty, at an offset in a shared array); a table of other columns is refused
 * naming them, and an unknown charset is refused at validation.
 */
public class RawFormatTest {

    private static final RawFormatFactory FACTORY = new RawFormatFactory();

    private static ValidatedOptions options(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return FACTORY.validate("format 'raw' of table 't'", map).orThrow();
    }

    private static TableContext table(Field... fields) {
        Schema schema = new Schema(List.of(fields));
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
                throw new UnsupportedOperationException();
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

    /** Each record at an offset in an array of its own, to catch offset mistakes. */
    private static BinaryRecords records(List<byte[]> values) {
        BinaryRecords records = new BinaryRecords(1);
        long position = 0;
        for (byte[] value : values) {
            byte[] padded = new byte[value.length + 4];
            System.arraycopy(value, 0, padded, 2, value.length);
            records.add(padded, 2, value.length, position++);
        }
        return records;
    }

    private static List<byte[]> copies(BinaryRecords records) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < records.count(); i++) {
            out.add(Arrays.copyOfRange(records.data(i), records.offset(i), records.offset(i) + records.length(i)));
        }
        return out;
    }

    @Test
    public void stringsRoundTripInUtf8AndLatin1() {
        Field line = Field.nullable("line", ArrowType.Utf8.INSTANCE);
        List<String> texts = List.of("plain", "", "café crème", "naïve ünïcödé");
        try (RootAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(line)), allocator)) {
            for (String charset : List.of("UTF-8", "ISO-8859-1")) {
                ValidatedOptions options = options("charset", charset);
                List<byte[]> values = new ArrayList<>();
                texts.forEach(t -> values.add(t.getBytes(java.nio.charset.Charset.forName(charset))));
                root.setRowCount(0);
                int rows = FACTORY.createDecoder(table(line), options).decode(records(values), root, (i, m) -> {
                    throw new AssertionError(m);
                });
                assertEquals(texts.size(), rows);
                VarCharVector v = (VarCharVector) root.getVector(0);
                for (int i = 0; i < rows; i++) {
                    assertEquals(charset, texts.get(i), new String(v.get(i), StandardCharsets.UTF_8));
                }
                BinaryRecords encoded = new BinaryRecords(1);
                FACTORY.createEncoder(table(line), options).encode(root, encoded);
                List<byte[]> back = copies(encoded);
                for (int i = 0; i < values.size(); i++) {
                    assertArrayEquals(charset + " record " + i, values.get(i), back.get(i));
                }
            }
        }
    }

    @Test
    public void bytesRoundTripAsTheyAre() {
        Field payload = Field.nullable("payload", ArrowType.Binary.INSTANCE);
        List<byte[]> values = List.of(new byte[] {0, (byte) 0xff, 10, 13}, new byte[0], new byte[70_000]);
        values.get(2)[69_999] = 42;
        try (RootAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(payload)), allocator)) {
            ValidatedOptions options = options();
            FACTORY.createDecoder(table(payload), options).decode(records(values), root, (i, m) -> {
                throw new AssertionError(m);
            });
            VarBinaryVector v = (VarBinaryVector) root.getVector(0);
            for (int i = 0; i < values.size(); i++) {
                assertArrayEquals(values.get(i), v.get(i));
            }
            BinaryRecords encoded = new BinaryRecords(1);
            FACTORY.createEncoder(table(payload), options).encode(root, encoded);
            List<byte[]> back = copies(encoded);
            for (int i = 0; i < values.size(); i++) {
                assertArrayEquals(values.get(i), back.get(i));
            }
        }
    }

    @Test
    public void otherTablesAndCharsetsAreRefused() {
        PluginException columns = assertThrows(
                PluginException.class,
                () -> FACTORY.createDecoder(
                        table(
                                Field.nullable("a", new ArrowType.Int(64, true)),
                                Field.nullable("b", ArrowType.Utf8.INSTANCE)),
                        options()));
        assertTrue(columns.getMessage(), columns.getMessage().contains("exactly one physical column"));
        assertTrue(columns.getMessage(), columns.getMessage().contains("the table has 2: a Int(64, true), b Utf8"));
        ValidationResult charset = FACTORY.validate("format 'raw' of table 't'", Map.of("charset", "klingon-8"));
        assertFalse(charset.isValid());
        assertTrue(
                charset.errors().toString(), charset.errors().get(0).message().contains("charset"));
    }

    @Test
    public void aStringTheCharsetCannotRepresentIsReportedNotReplaced() {
        Field line = Field.nullable("line", ArrowType.Utf8.INSTANCE);
        List<String> texts = List.of("plain", "café", "end");
        try (RootAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(line)), allocator)) {
            VarCharVector v = (VarCharVector) root.getVector(0);
            for (int i = 0; i < texts.size(); i++) {
                v.setSafe(i, texts.get(i).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(texts.size());
            RecordEncoder encoder = FACTORY.createEncoder(table(line), options("charset", "US-ASCII"));
            List<String> reported = new ArrayList<>();
            BinaryRecords encoded = new BinaryRecords(1);
            encoder.encode(root, encoded, (row, message) -> reported.add(row + ": " + message));
            assertEquals(
                    List.of("1: column 'line': the value has characters that charset US-ASCII cannot represent"
                            + " (format 'raw')"),
                    reported);
            assertEquals(2, encoded.count());
            assertEquals(
                    List.of("plain", "end"),
                    copies(encoded).stream()
                            .map(b -> new String(b, StandardCharsets.US_ASCII))
                            .toList());
            assertEquals(2, encoded.position(1)); // the row the record is of
            PluginException whole =
                    assertThrows(PluginException.class, () -> encoder.encode(root, new BinaryRecords(1)));
            assertTrue(whole.getMessage(), whole.getMessage().startsWith("format 'raw' cannot write row 1: "));
        }
    }
}
