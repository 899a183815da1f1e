package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Digest;
import io.sabot.benchmarks.api.Engine;
import io.sabot.benchmarks.api.Query;
import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.connector.spi.sink.RowKind;
import io.sabot.engine.CheckpointInfo;
import io.sabot.engine.Job;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.plugin.PluginFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Sabot embedded: a {@link StreamingSqlExecutor} per run with the nexmark, filesystem, csv and blackhole plug-ins. */
public final class SabotEngine implements Engine {

    private final int parallelism;
    private String lastRunDetail = "";
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sabot-benchmark-watchdog");
        t.setDaemon(true);
        return t;
    });

    public SabotEngine(int parallelism) {
        this.parallelism = parallelism;
    }

    @Override
    public String name() {
        return "sabot";
    }

    @Override
    public String describe() {
        String engineJar = System.getProperty("sabot.engine.jar", "");
        return "Sabot " + version() + " (embedded StreamingSqlExecutor), parallelism " + parallelism
                + (engineJar.isBlank()
                        ? ""
                        : ", engine from "
                                + CheckpointInfo.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation())
                + (INITIATION_MICROS == null ? "" : ", with CheckpointInfo.initiationMicros");
    }

    private static String version() {
        String v = StreamingSqlExecutor.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private StreamingSqlExecutor executor() {
        return executor(null);
    }

    /** An executor; with a state backend (the executor option {@code state_backend}) if one is given. */
    private StreamingSqlExecutor executor(String stateBackend) {
        StreamingSqlExecutor.Builder builder = StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .watermarkIdleTimeout(Duration.ofSeconds(30))
                .plugins(List.of(
                        new NexmarkSourceFactory(),
                        new DatagenSourceFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new BlackholeSinkFactory()))
                .plugins(optionalPlugins());
        if (stateBackend != null) {
            builder.stateBackend(stateBackend);
        }
        return builder.build();
    }

    /**
     * Plug-ins the harness uses when they are on the class path (the default state backend {@code memory}, a bundle of
     * its own that the runtime brings; the {@code sabot-rocksdb} profile of the pom adds Sabot's RocksDB state backend;
     * the Kafka benchmark's connector and formats), by name: the engine's loader
     * finds them, the harness's code does not depend on them.
     */
    private static List<PluginFactory> optionalPlugins() {
        List<PluginFactory> found = new ArrayList<>();
        for (String name : List.of(
                "io.sabot.state.memory.internal.MemoryStateBackendFactory",
                "io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory",
                "io.sabot.connector.kafka.internal.KafkaTableFactory",
                "io.sabot.format.json.internal.JsonFormatFactory",
                "io.sabot.format.raw.internal.RawFormatFactory")) {
            try {
                Class<?> c = Class.forName(name, true, SabotEngine.class.getClassLoader());
                found.add((PluginFactory) c.getConstructor().newInstance());
            } catch (ClassNotFoundException e) {
                // not on the class path
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot create plug-in " + name + ": " + e, e);
            }
        }
        return found;
    }

    static String sourceDdl(Source source) {
        String with;
        if (source.kind().equals("csv")) {
            with = "  'connector' = 'filesystem',\n  'path' = '" + source.csvFile() + "',\n  'format' = 'csv'\n";
        } else {
            with = "  'connector' = 'nexmark',\n  'table' = 'bid',\n  'events.num' = '"
                    + source.events() + "',\n  'first-event.rate' = '" + source.eventRate()
                    + "',\n  'max-emit-speed' = 'true',\n  'base-time' = '" + BidData.BASE_TIME_TEXT + "'\n";
        }
        return "CREATE TABLE bid (\n" + BidData.COLUMNS + ") WITH (\n" + with + ")";
    }

    @Override
    public long run(Query query, Source source, long timeoutSeconds) throws Exception {
        try (StreamingSqlExecutor executor = executor()) {
            executor.executeDdl(sourceDdl(source));
            executor.executeDdl(query.sinkDdl());
            lastRunDetail = "";
            long[] rowsIn = new long[1];
            long elapsed = runToEnd(executor, query.insert(), timeoutSeconds, rowsIn);
            if (rowsIn[0] == 0 || rowsIn[0] % source.bids() != 0) {
                lastRunDetail = "";
                throw new IllegalStateException("the job read " + rowsIn[0] + " rows: not all of the " + source.bids()
                        + " bids (once per scan)");
            }
            return elapsed;
        }
    }

    @Override
    public long runScript(String ddl, String insert, long expectedRows, long timeoutSeconds) throws Exception {
        try (StreamingSqlExecutor executor = executor()) {
            executor.executeDdl(ddl);
            lastRunDetail = "";
            long[] rowsIn = new long[1];
            long elapsed = runToEnd(executor, insert, timeoutSeconds, rowsIn);
            if (expectedRows >= 0 && rowsIn[0] != expectedRows) {
                lastRunDetail = "";
                throw new IllegalStateException(
                        "the job read " + rowsIn[0] + " rows, not the " + expectedRows + " expected");
            }
            return elapsed;
        }
    }

    /** Runs {@code insert} until its job finishes; the rows it read go to {@code rowsIn[0]}. */
    private long runToEnd(StreamingSqlExecutor executor, String insert, long timeoutSeconds, long[] rowsIn)
            throws Exception {
        long start = System.nanoTime();
        try (QueryResult result = executor.executeStreamingSql(insert)) {
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> timer = watchdog.schedule(
                    () -> {
                        timedOut.set(true);
                        result.cancel();
                    },
                    timeoutSeconds,
                    TimeUnit.SECONDS);
            try {
                result.awaitTermination();
            } finally {
                timer.cancel(false);
            }
            long elapsed = System.nanoTime() - start;
            JobInfo.State status = result.status();
            if (status == JobInfo.State.FAILED) {
                throw new ExecutionException(
                        "job " + result.jobId() + " failed", result.failure().orElse(null));
            }
            if (status != JobInfo.State.FINISHED) {
                if (timedOut.get()) {
                    throw new TimeoutException("no end after " + timeoutSeconds + " s");
                }
                throw new IllegalStateException("job " + result.jobId() + " ended " + status);
            }
            JobInfo info = result.info();
            rowsIn[0] = info.rowsIn();
            lastRunDetail = String.format(
                    "%,d rows in, %,d rows out, %,d late rows dropped",
                    info.rowsIn(), info.rowsOut(), info.lateRowsDropped());
            return elapsed;
        }
    }

    @Override
    public String lastRunDetail() {
        return lastRunDetail;
    }

    @Override
    public Digest digest(Query query, Source source, long timeoutSeconds) throws Exception {
        try (StreamingSqlExecutor executor = executor()) {
            executor.executeDdl(sourceDdl(source));
            try (QueryResult result = executor.executeStreamingSql(query.select())) {
                ScheduledFuture<?> timer = watchdog.schedule(result::cancel, timeoutSeconds, TimeUnit.SECONDS);
                long rows = 0;
                long checksum = 0;
                try {
                    for (VectorSchemaRoot batch : result) {
                        TinyIntVector kinds =
                                result.isChangelog() ? (TinyIntVector) batch.getVector(RowKind.COLUMN_NAME) : null;
                        List<FieldVector> vectors = batch.getFieldVectors();
                        for (int row = 0; row < batch.getRowCount(); row++) {
                            long sign = 1;
                            if (kinds != null) {
                                RowKind kind = RowKind.fromCode(kinds.get(row));
                                sign = kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER ? 1 : -1;
                            }
                            rows += sign;
                            for (int c = 0; c < vectors.size(); c++) {
                                Long value = longValue(vectors.get(c), row);
                                if (value != null) {
                                    checksum += sign * value * (c + 1);
                                }
                            }
                        }
                    }
                } finally {
                    timer.cancel(false);
                }
                return new Digest(rows, checksum);
            }
        }
    }

    /** BIGINT as is, TIMESTAMP as epoch milliseconds, anything else (or null, or {@code $row_kind}) null. */
    private static Long longValue(FieldVector vector, int row) {
        if (vector.isNull(row) || vector.getName().equals(RowKind.COLUMN_NAME)) {
            return null;
        }
        if (vector instanceof BigIntVector v) {
            return v.get(row);
        }
        if (vector instanceof TimeStampVector v) {
            long raw = v.get(row);
            org.apache.arrow.vector.types.TimeUnit unit =
                    ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
            switch (unit) {
                case SECOND:
                    return raw * 1000;
                case MICROSECOND:
                    return Math.floorDiv(raw, 1000L);
                case NANOSECOND:
                    return Math.floorDiv(raw, 1_000_000L);
                default:
                    return raw;
            }
        }
        return null;
    }

    // ---- checkpoint benchmark ----

    private int runNumber;

    /** The {@code SET} statements of a run: the backend always, checkpoints when the interval is positive. */
    private String settings(CheckpointSetup setup, long intervalMillis) {
        StringBuilder sql = new StringBuilder();
        sql.append("SET 'state.backend.type' = '").append(setup.backendType()).append("';\n");
        if (setup.incremental()) {
            sql.append("SET 'state.backend.incremental' = 'true';\n");
        }
        if (intervalMillis > 0) {
            sql.append("SET 'execution.checkpointing.interval' = '")
                    .append(intervalMillis)
                    .append(" ms';\n");
            sql.append("SET 'state.checkpoints.dir' = '")
                    .append(setup.directory().toUri())
                    .append("';\n");
            sql.append("SET 'pipeline.name' = 'ckbench-").append(++runNumber).append("';\n");
        }
        return sql.toString();
    }

    /** The run's settings; a state backend the executor refuses is reported as not available. */
    private void applySettings(StreamingSqlExecutor executor, CheckpointSetup setup, long intervalMillis) {
        try {
            executor.executeDdl(settings(setup, intervalMillis));
        } catch (RuntimeException e) {
            // no cause: the report shows the innermost message
            throw new IllegalStateException("not available: state backend '" + setup.backend() + "' refused: "
                    + NexmarkBenchmark.rootMessage(e));
        }
    }

    @Override
    public TimedRun runFor(Query query, Source source, CheckpointSetup setup, long warmupSeconds, long seconds)
            throws Exception {
        try (StreamingSqlExecutor executor = executor(setup.backendType())) {
            executor.executeDdl(sourceDdl(source));
            executor.executeDdl(query.sinkDdl());
            applySettings(executor, setup, setup.intervalMillis());
            try (QueryResult result = executor.executeStreamingSql(query.insert())) {
                Job job = job(result);
                sleepWhileRunning(result, warmupSeconds * 1000);
                long rows0 = result.info().rowsIn();
                long t0 = System.nanoTime();
                long w0 = System.currentTimeMillis();
                sleepWhileRunning(result, seconds * 1000);
                long rows1 = result.info().rowsIn();
                long t1 = System.nanoTime();
                long w1 = System.currentTimeMillis();
                List<CheckpointInfo> infos = job.checkpoints();
                String backend = infos.isEmpty()
                        ? ""
                        : backendOf(infos.get(infos.size() - 1).path());
                result.cancel();
                result.awaitTermination();
                List<CheckpointStat> stats = new ArrayList<>();
                for (CheckpointInfo c : infos) {
                    stats.add(stat(c));
                }
                return new TimedRun(rows1 - rows0, t1 - t0, w0, w1, stats, backend);
            }
        }
    }

    @Override
    public StateRun keyedState(
            Query query, long rowsBefore, CheckpointSetup setup, int checkpoints, long timeoutSeconds)
            throws Exception {
        try (StreamingSqlExecutor executor = executor(setup.backendType())) {
            executor.executeDdl("CREATE TABLE seq (i BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' ="
                    + " '1000000000000', 'fields.i.kind' = 'sequence', 'fields.i.start' = '0', 'fields.i.end' = '"
                    + CheckpointBenchmark.SEQUENCE_END + "')");
            executor.executeDdl(query.sinkDdl());
            // checkpoints on, but only the triggered ones: an interval longer than the run
            applySettings(executor, setup, Duration.ofHours(1).toMillis());
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            try (QueryResult result = executor.executeStreamingSql(query.insert())) {
                Job job = job(result);
                long rows;
                while ((rows = result.info().rowsIn()) < rowsBefore) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException(
                                "only " + rows + " of " + rowsBefore + " rows after " + timeoutSeconds + " s");
                    }
                    sleepWhileRunning(result, 20);
                }
                long ingest = System.nanoTime() - start;
                List<CheckpointStat> stats = new ArrayList<>();
                TreeSet<String> backends = new TreeSet<>();
                for (int i = 0; i < checkpoints; i++) {
                    long left = Math.max(1, deadline - System.nanoTime());
                    CheckpointInfo c = job.triggerCheckpoint(false).get(left, TimeUnit.NANOSECONDS);
                    stats.add(stat(c).withSizeBytes(
                                    io.sabot.benchmarks.api.Disk.checkpoint(c.path(), setup.incremental())));
                    String used = backendOf(c.path());
                    backends.add(used);
                    if (!used.isEmpty() && !used.contains(setup.backendType())) {
                        break; // not the backend asked for: one checkpoint shows it
                    }
                }
                result.cancel();
                result.awaitTermination();
                return new StateRun(rows, ingest, stats, String.join(",", backends));
            }
        }
    }

    private static final Method INITIATION_MICROS = initiationAccessor();

    /** {@code CheckpointInfo.initiationMicros()}, in engines that have it (see README: -Dsabot.engine.jar). */
    private static Method initiationAccessor() {
        try {
            return CheckpointInfo.class.getMethod("initiationMicros");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static CheckpointStat stat(CheckpointInfo c) throws ReflectiveOperationException {
        double initiation = INITIATION_MICROS == null ? -1 : ((Number) INITIATION_MICROS.invoke(c)).doubleValue();
        return new CheckpointStat(
                c.id(),
                c.triggeredAt().toEpochMilli(),
                c.durationMillis(),
                c.sizeBytes(),
                c.sizeBytes(),
                c.alignmentMillis(),
                initiation);
    }

    private static final Pattern BACKEND = Pattern.compile("\"backend\"\\s*:\\s*\"([^\"]*)\"");

    /** The backends named by the operator manifests of a checkpoint directory ("" if it has none). */
    static String backendOf(Path checkpoint) {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(checkpoint, 2)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("manifest.json"))
                    .toList()) {
                Matcher m = BACKEND.matcher(Files.readString(f));
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        } catch (IOException e) {
            return "";
        }
        return String.join(",", names);
    }

    private static void sleepWhileRunning(QueryResult result, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (true) {
            if (result.status() != JobInfo.State.RUNNING) {
                throw new ExecutionException(
                        "job " + result.jobId() + " ended " + result.status(),
                        result.failure().orElse(null));
            }
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, 100));
        }
    }

    /** The engine's job behind a result: the runtime API shows no checkpoints yet. */
    static Job job(QueryResult result) throws IllegalAccessException {
        for (Class<?> c = result.getClass(); c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Job.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    return (Job) field.get(result);
                }
            }
        }
        throw new IllegalStateException("no engine job in " + result.getClass());
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
