package io.sabot.connector.print.internal;

import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.plugin.ValidatedOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** The runtime's side of the sink SPI, as far as a print sink needs it. */
final class SinkTestSupport {

    static final SinkFactory FACTORY = new PrintSinkFactory();

    private SinkTestSupport() {}

    /** Validates {@code options} (key, value, …) as the runtime would and makes a table context. */
    static TableContext table(Schema schema, int parallelism, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        ValidatedOptions validated =
                FACTORY.validate("connector 'print' of table 'out'", map).orThrow();
        return new TableContext() {
            @Override
            public String tableName() {
                return "out";
            }

            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public ValidatedOptions options() {
                return validated;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public RecordDecoder createDecoder(String formatKey) {
                throw new UnsupportedOperationException("print needs no format");
            }

            @Override
            public RecordEncoder createEncoder(String formatKey) {
                throw new UnsupportedOperationException("print needs no format");
            }
        };
    }

    static SinkWriterContext writer(TableContext table, int subtask, BufferAllocator allocator) {
        return new SinkWriterContext() {
            @Override
            public TableContext table() {
                return table;
            }

            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public BufferAllocator allocator() {
                return allocator;
            }

            @Override
            public OptionalLong restoredCheckpointId() {
                return OptionalLong.empty();
            }
        };
    }
}
