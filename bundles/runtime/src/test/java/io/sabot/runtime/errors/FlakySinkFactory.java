package io.sabot.runtime.errors;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.Committer;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.VersionedSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A test sink plug-in, {@code 'connector' = 'flaky-filesystem'}: the real exactly-once filesystem sink, with writes
 * that fail on purpose as a {@link Script} says (the fault, not a mock). A scripted failure is thrown before the batch
 * reaches the file, so that a retriable one keeps the sink SPI's promise: the write may be repeated as it was.
 */
final class FlakySinkFactory implements SinkFactory {

    static final String IDENTIFIER = "flaky-filesystem";

    static final OptionDescriptor<String> SCRIPT = OptionDescriptor.key("script")
            .stringType()
            .required()
            .description("The name of the script that says which write attempts fail.");

    /** Which write attempts fail, and hooks a test can block on; attempts are counted over the whole job, from 1. */
    static final class Script {
        final IntPredicate fails;
        final boolean retriable;
        /** Which pre-commits fail (counted from 1), with the same retriability; none unless set. */
        volatile IntPredicate preCommitFails = preCommit -> false;

        final AtomicInteger preCommits = new AtomicInteger();
        /**
         * Whether a failing attempt first encodes the batch (with the table's format, reporting rows it cannot encode
         * to the runtime), as a connector that fails after encoding does.
         */
        volatile boolean encodeFirst;

        /** Called before each attempt, failing or not, on the sink's task thread; may block. */
        volatile IntConsumer beforeAttempt = attempt -> {};

        final AtomicInteger attempts = new AtomicInteger();
        final List<Integer> failed = new CopyOnWriteArrayList<>();
        /** When each attempt started ({@link System#nanoTime()}), by attempt number - 1. */
        final List<Long> startedAt = new CopyOnWriteArrayList<>();

        Script(IntPredicate fails, boolean retriable) {
            this.fails = fails;
            this.retriable = retriable;
        }
    }

    private static final Map<String, Script> SCRIPTS = new ConcurrentHashMap<>();

    /** Registers {@code script} under {@code name}, for tables with {@code 'script' = name}. */
    static Script script(String name, Script script) {
        SCRIPTS.put(name, script);
        return script;
    }

    private final FileSystemTableFactory files = new FileSystemTableFactory();

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        List<OptionDescriptor<?>> options = new ArrayList<>(files.options());
        options.add(SCRIPT);
        return options;
    }

    @Override
    public List<OptionError> validateForTable(Schema schema, ValidatedOptions options) {
        return files.validateForTable(schema, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Sink<?> createSink(TableContext context) {
        Script script = SCRIPTS.get(context.options().require(SCRIPT));
        if (script == null) {
            throw new PluginException("table '" + context.tableName() + "': no script registered", false);
        }
        return new FlakySink<>((Sink<Object>) files.createSink(context), script, context.tableName());
    }

    private static final class FlakySink<C> implements Sink<C> {
        private final Sink<C> files;
        private final Script script;
        private final String table;

        FlakySink(Sink<C> files, Script script, String table) {
            this.files = files;
            this.script = script;
            this.table = table;
        }

        @Override
        public ChangelogMode changelogMode() {
            return files.changelogMode();
        }

        @Override
        public SinkWriter<C> createWriter(SinkWriterContext context) throws Exception {
            SinkWriter<C> writer = files.createWriter(context);
            return new SinkWriter<>() {
                @Override
                public void write(VectorSchemaRoot batch) throws Exception {
                    int attempt = script.attempts.incrementAndGet();
                    script.startedAt.add(System.nanoTime());
                    script.beforeAttempt.accept(attempt);
                    if (script.fails.test(attempt)) {
                        script.failed.add(attempt);
                        if (script.encodeFirst) {
                            context.table()
                                    .createEncoder("format")
                                    .encode(batch, new BinaryRecords(batch.getRowCount()), context.encodeErrors());
                        }
                        throw new PluginException(
                                "table '" + table + "': target unavailable (scripted failure of write attempt "
                                        + attempt + ")",
                                script.retriable);
                    }
                    writer.write(batch);
                }

                @Override
                public List<C> prepareCommit(long checkpointId) throws Exception {
                    int preCommit = script.preCommits.incrementAndGet();
                    if (script.preCommitFails.test(preCommit)) {
                        throw new PluginException(
                                "table '" + table + "': target unavailable (scripted failure of pre-commit " + preCommit
                                        + ")",
                                script.retriable);
                    }
                    return writer.prepareCommit(checkpointId);
                }

                @Override
                public void endOfInput() throws Exception {
                    writer.endOfInput();
                }

                @Override
                public void close() throws Exception {
                    writer.close();
                }
            };
        }

        @Override
        public Optional<Committer<C>> createCommitter() {
            return files.createCommitter();
        }

        @Override
        public VersionedSerializer<C> committableSerializer() {
            return files.committableSerializer();
        }
    }
}
