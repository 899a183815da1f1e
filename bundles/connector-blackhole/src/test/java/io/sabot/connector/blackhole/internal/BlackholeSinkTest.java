package io.sabot.connector.blackhole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.RowKind;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** The blackhole sink discards everything, of any change kind, and counts what it discarded. */
public class BlackholeSinkTest {

    private static final SinkFactory FACTORY = new BlackholeSinkFactory();

    private static final Schema CHANGELOG = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)),
            new Field(RowKind.COLUMN_NAME, FieldType.notNullable(new ArrowType.Int(8, true)), null)));

    private static TableContext table(ValidatedOptions options) {
        return new TableContext() {
            @Override
            public String tableName() {
                return "sink";
            }

            @Override
            public Schema schema() {
                return CHANGELOG;
            }

            @Override
            public ValidatedOptions options() {
                return options;
            }

            @Override
            public int parallelism() {
                return 2;
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

    private static SinkWriterContext writerContext(TableContext table, BufferAllocator allocator) {
        return new SinkWriterContext() {
            @Override
            public TableContext table() {
                return table;
            }

            @Override
            public int subtaskIndex() {
                return 1;
            }

            @Override
            public BufferAllocator allocator() {
                return allocator;
            }

            @Override
            public OptionalLong restoredCheckpointId() {
                return OptionalLong.of(3);
            }
        };
    }

    @Test
    public void discardsEveryRowOfEveryKindAndCountsRowsAndBatches() throws Exception {
        ValidatedOptions options = FACTORY.validate("connector 'blackhole' of table 'sink'", Map.of())
                .orThrow();
        TableContext table = table(options);
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot batch = VectorSchemaRoot.create(CHANGELOG, allocator)) {
            Sink<?> sink = FACTORY.createSink(table);
            assertEquals(ChangelogMode.ALL, sink.changelogMode());
            assertFalse(sink.createCommitter().isPresent());
            SinkWriter<?> writer = sink.createWriter(writerContext(table, allocator));
            BlackholeSinkWriter blackhole = (BlackholeSinkWriter) writer;
            batch.allocateNew();
            BigIntVector ids = (BigIntVector) batch.getVector(0);
            TinyIntVector kinds = (TinyIntVector) batch.getVector(1);
            for (int r = 0; r < 1000; r++) {
                ids.setSafe(r, r);
                kinds.setSafe(r, RowKind.values()[r % 4].code());
            }
            batch.setRowCount(1000);
            for (int i = 0; i < 5; i++) {
                writer.write(batch);
            }
            batch.setRowCount(0);
            writer.write(batch);
            assertEquals(List.of(), writer.prepareCommit(1));
            writer.endOfInput();
            assertEquals(5000, blackhole.rows());
            assertEquals(6, blackhole.batches());
            // the batch is untouched and the writer keeps no buffer
            batch.setRowCount(1000);
            assertEquals(999L, ids.get(999));
            long before = allocator.getAllocatedMemory();
            writer.write(batch);
            assertEquals(before, allocator.getAllocatedMemory());
            writer.close();
            assertEquals(6000, blackhole.rows());
            assertEquals(7, blackhole.batches());
            // each writer counts its own
            BlackholeSinkWriter other = (BlackholeSinkWriter) sink.createWriter(writerContext(table, allocator));
            assertEquals(0, other.rows());
            other.close();
        }
    }

    @Test
    public void hasNoOptions() {
        assertEquals("blackhole", FACTORY.identifier());
        assertTrue(FACTORY.options().isEmpty());
        assertFalse(FACTORY.description().isEmpty());
        ValidationResult result = FACTORY.validate("t", Map.of("print-identifier", "x"));
        assertEquals(OptionError.Kind.UNKNOWN, result.errors().get(0).kind());
        assertTrue(FACTORY.validateForTable(
                        CHANGELOG, FACTORY.validate("t", Map.of()).orThrow())
                .isEmpty());
    }

    @Test
    public void theComponentIsRegisteredUnderTheFactoryIdentifier() throws Exception {
        String xml;
        try (var in = BlackholeSinkFactory.class
                .getClassLoader()
                .getResourceAsStream("OSGI-INF/" + BlackholeSinkFactory.class.getName() + ".xml")) {
            assertNotNull("bnd generated the component description", in);
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(xml, xml.contains("<provide interface=\"io.sabot.connector.spi.SinkFactory\"/>"));
        assertTrue(xml, xml.contains("name=\"sabot.connector\" type=\"String\" value=\"blackhole\""));
    }
}
