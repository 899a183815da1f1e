package io.sabot.engine;

import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.Committer;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.plan.RowType;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.VersionedSerializer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A test-only two-phase-commit sink: writers buffer rows (as Java values, copied out of the batches they do not
 * own), pre-commit them under a "pending file" name, and the committer publishes them.
 */
final class TestSinkFactory implements SinkFactory {

    static final OptionDescriptor<String> TARGET =
            OptionDescriptor.key("target").stringType().required().description("name of the result list");
    static final OptionDescriptor<String> MODE = OptionDescriptor.key("mode")
            .enumType("INSERT_ONLY", "UPSERT", "ALL")
            .defaultValue("INSERT_ONLY");

    /** Rows made visible by the committer, per target. */
    static final Map<String, List<List<Object>>> COMMITTED = new ConcurrentHashMap<>();
    /** Pre-committed rows by pending name. */
    static final Map<String, List<List<Object>>> PENDING = new ConcurrentHashMap<>();

    static final Map<String, Integer> CLOSED_WRITERS = new ConcurrentHashMap<>();

    @Override
    public String identifier() {
        return "test-sink";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(TARGET, MODE);
    }

    @Override
    public Sink<?> createSink(TableContext context) {
        String target = context.options().get(TARGET);
        ChangelogMode mode = ChangelogMode.valueOf(context.options().get(MODE));
        RowType type = Plans.rowTypeOf(context.schema());
        return new Sink<String>() {
            @Override
            public ChangelogMode changelogMode() {
                return mode;
            }

            @Override
            public SinkWriter<String> createWriter(SinkWriterContext writerContext) {
                return new SinkWriter<>() {
                    private final List<List<Object>> buffer = new ArrayList<>();

                    @Override
                    public void write(VectorSchemaRoot batch) {
                        boolean changelog = batch.getFieldVectors().size() > type.size();
                        buffer.addAll(TestRows.read(batch, type, changelog));
                    }

                    @Override
                    public List<String> prepareCommit(long checkpointId) {
                        String pending = target + "-" + writerContext.subtaskIndex() + "-" + checkpointId;
                        PENDING.put(pending, new ArrayList<>(buffer));
                        buffer.clear();
                        return List.of(pending);
                    }

                    @Override
                    public void close() {
                        CLOSED_WRITERS.merge(target, 1, Integer::sum);
                    }
                };
            }

            @Override
            public Optional<Committer<String>> createCommitter() {
                return Optional.of(new Committer<>() {
                    @Override
                    public void commit(List<String> committables) {
                        List<List<Object>> rows =
                                COMMITTED.computeIfAbsent(target, k -> Collections.synchronizedList(new ArrayList<>()));
                        for (String c : committables) {
                            rows.addAll(PENDING.remove(c));
                        }
                    }

                    @Override
                    public void abort(List<String> committables) {
                        committables.forEach(PENDING::remove);
                    }
                });
            }

            @Override
            public VersionedSerializer<String> committableSerializer() {
                return new VersionedSerializer<>() {
                    @Override
                    public int version() {
                        return 1;
                    }

                    @Override
                    public byte[] serialize(String value) {
                        return value.getBytes(StandardCharsets.UTF_8);
                    }

                    @Override
                    public String deserialize(int version, byte[] serialized) {
                        return new String(serialized, StandardCharsets.UTF_8);
                    }
                };
            }
        };
    }
}
