package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Digest;
import io.sabot.benchmarks.api.Engine;
import io.sabot.benchmarks.api.Query;
import io.sabot.benchmarks.flink.NexmarkBidSource;
import io.sabot.benchmarks.flink.NexmarkBidTableFactory;
import io.sabot.benchmarks.flink.SequenceTableFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointType;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.SubtaskStateStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

/**
 * Apache Flink in this JVM: one {@link MiniCluster} (one task manager with a slot per subtask) started once and
 * kept for every run, so that no run pays for starting a cluster; a fresh {@link StreamTableEnvironment} (streaming
 * mode) per run submits its job to it.
 */
public final class FlinkEngine implements Engine {

    private final int parallelism;
    private final MiniCluster cluster;
    private final Configuration configuration;

    public FlinkEngine(int parallelism) throws Exception {
        this.parallelism = parallelism;
        this.configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, "0");
        configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        configuration.set(PipelineOptions.OBJECT_REUSE, true);
        configuration.set(DeploymentOptions.TARGET, MiniClusterExecutor.NAME);
        configuration.set(DeploymentOptions.ATTACHED, true);
        // the checkpoint benchmark reads every checkpoint's statistics (Flink keeps the last 10 by default)
        configuration.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 100_000);
        this.cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build());
        cluster.start();
    }

    @Override
    public String name() {
        return "flink";
    }

    @Override
    public String describe() {
        String v = org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
        return "Apache Flink " + v + " (MiniCluster, Table API, streaming mode, object reuse), parallelism "
                + parallelism;
    }

    private StreamTableEnvironment tableEnvironment() {
        return tableEnvironment(configuration);
    }

    private StreamTableEnvironment tableEnvironment(Configuration configuration) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(
                new MiniClusterExecutor.Loader(cluster), configuration, FlinkEngine.class.getClassLoader());
        env.setParallelism(parallelism);
        return StreamTableEnvironment.create(
                env, EnvironmentSettings.newInstance().inStreamingMode().build());
    }

    static String sourceDdl(Source source) {
        String with;
        if (source.kind().equals("csv")) {
            with = "  'connector' = 'filesystem',\n  'path' = '"
                    + source.csvFile().toUri() + "',\n  'format' = 'csv'\n";
        } else {
            with = "  'connector' = '" + NexmarkBidTableFactory.IDENTIFIER + "',\n  'events.num' = '"
                    + source.events() + "',\n  'first-event.rate' = '" + source.eventRate()
                    + "',\n  'base-time' = '" + BidData.BASE_TIME + "'\n";
        }
        return "CREATE TABLE bid (\n" + BidData.COLUMNS + ") WITH (\n" + with + ")";
    }

    @Override
    public long run(Query query, Source source, long timeoutSeconds) throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment();
        tEnv.executeSql(sourceDdl(source));
        tEnv.executeSql(query.sinkDdl());
        return runToEnd(tEnv, query.insert(), timeoutSeconds);
    }

    /** Runs {@code insert} until its job ends; nanoseconds from submission. */
    private static long runToEnd(StreamTableEnvironment tEnv, String insert, long timeoutSeconds) throws Exception {
        long start = System.nanoTime();
        TableResult result = tEnv.executeSql(insert);
        try {
            result.await(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.getJobClient().ifPresent(JobClient::cancel);
            throw new TimeoutException("no end after " + timeoutSeconds + " s");
        }
        return System.nanoTime() - start;
    }

    @Override
    public long runScript(String ddl, String insert, long expectedRows, long timeoutSeconds) throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment();
        for (String statement : ddl.split(";")) {
            String sql = statement.strip();
            if (sql.isEmpty()) {
                continue;
            }
            java.util.regex.Matcher set = SET.matcher(sql);
            if (set.matches()) {
                // SET is a SQL client statement; a TableEnvironment takes the option itself
                tEnv.getConfig().set(set.group(1), set.group(2));
            } else {
                tEnv.executeSql(sql);
            }
        }
        return runToEnd(tEnv, insert, timeoutSeconds);
    }

    private static final java.util.regex.Pattern SET =
            java.util.regex.Pattern.compile("(?is)SET\\s+'([^']+)'\\s*=\\s*'([^']*)'");

    @Override
    public Digest digest(Query query, Source source, long timeoutSeconds) throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment();
        tEnv.executeSql(sourceDdl(source));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long rows = 0;
        long checksum = 0;
        TableResult result = tEnv.executeSql(query.select());
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                long sign = row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER ? 1 : -1;
                rows += sign;
                for (int c = 0; c < row.getArity(); c++) {
                    Object value = row.getField(c);
                    if (value instanceof Long l) {
                        checksum += sign * l * (c + 1);
                    } else if (value instanceof LocalDateTime t) {
                        checksum += sign * t.toInstant(ZoneOffset.UTC).toEpochMilli() * (c + 1);
                    }
                }
                if (System.nanoTime() > deadline) {
                    result.getJobClient().ifPresent(JobClient::cancel);
                    throw new TimeoutException("no end after " + timeoutSeconds + " s");
                }
            }
        }
        return new Digest(rows, checksum);
    }

    // ---- checkpoint benchmark ----

    private int runNumber;

    /** The run's configuration: the state backend; checkpoints to a directory of their own at the interval. */
    private Configuration checkpointing(CheckpointSetup setup, long intervalMillis) throws IOException {
        Configuration conf = new Configuration(configuration);
        set(conf, "state.backend.type", setup.backendType());
        if (setup.incremental()) {
            set(conf, "state.backend.incremental", "true");
        }
        if (intervalMillis > 0) {
            Path dir = setup.directory().resolve("flink-" + ++runNumber);
            Files.createDirectories(dir);
            set(conf, "execution.checkpointing.interval", intervalMillis + " ms");
            set(conf, "execution.checkpointing.dir", dir.toUri().toString());
        }
        return conf;
    }

    private static void set(Configuration conf, String key, String value) {
        conf.set(ConfigOptions.key(key).stringType().noDefaultValue(), value);
    }

    @Override
    public TimedRun runFor(Query query, Source source, CheckpointSetup setup, long warmupSeconds, long seconds)
            throws Exception {
        StreamTableEnvironment tEnv = tableEnvironment(checkpointing(setup, setup.intervalMillis()));
        tEnv.executeSql(sourceDdl(source));
        tEnv.executeSql(query.sinkDdl());
        TableResult result = tEnv.executeSql(query.insert());
        JobClient client = result.getJobClient().orElseThrow();
        try {
            sleepWhileRunning(client, warmupSeconds * 1000);
            long rows0 = NexmarkBidSource.emitted();
            long t0 = System.nanoTime();
            long w0 = System.currentTimeMillis();
            sleepWhileRunning(client, seconds * 1000);
            long rows1 = NexmarkBidSource.emitted();
            long t1 = System.nanoTime();
            long w1 = System.currentTimeMillis();
            AccessExecutionGraph graph =
                    cluster.getExecutionGraph(client.getJobID()).get();
            List<CheckpointStat> stats = new ArrayList<>();
            CheckpointStatsSnapshot snapshot = graph.getCheckpointStatsSnapshot();
            if (snapshot != null) {
                for (AbstractCheckpointStats c : snapshot.getHistory().getCheckpoints()) {
                    if (c.getStatus() == CheckpointStatsStatus.COMPLETED) {
                        stats.add(0, stat(graph, (CompletedCheckpointStats) c));
                    }
                }
            }
            return new TimedRun(
                    rows1 - rows0,
                    t1 - t0,
                    w0,
                    w1,
                    stats,
                    graph.getStateBackendName().orElse(""));
        } finally {
            client.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public StateRun keyedState(
            Query query, long rowsBefore, CheckpointSetup setup, int checkpoints, long timeoutSeconds)
            throws Exception {
        // checkpoints on, but only the triggered ones: an interval longer than the run
        StreamTableEnvironment tEnv =
                tableEnvironment(checkpointing(setup, Duration.ofHours(1).toMillis()));
        tEnv.executeSql("CREATE TABLE seq (i BIGINT) WITH ('connector' = '" + SequenceTableFactory.IDENTIFIER
                + "', 'end' = '" + CheckpointBenchmark.SEQUENCE_END + "')");
        tEnv.executeSql(query.sinkDdl());
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long base = SequenceTableFactory.emitted();
        TableResult result = tEnv.executeSql(query.insert());
        JobClient client = result.getJobClient().orElseThrow();
        JobID id = client.getJobID();
        try {
            long rows;
            while ((rows = SequenceTableFactory.emitted() - base) < rowsBefore) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(
                            "only " + rows + " of " + rowsBefore + " rows after " + timeoutSeconds + " s");
                }
                sleepWhileRunning(client, 20);
            }
            long ingest = System.nanoTime() - start;
            List<CheckpointStat> stats = new ArrayList<>();
            for (int i = 0; i < checkpoints; i++) {
                long left = Math.max(1, deadline - System.nanoTime());
                long checkpointId =
                        cluster.triggerCheckpoint(id, CheckpointType.CONFIGURED).get(left, TimeUnit.NANOSECONDS);
                CompletedCheckpointStats c = completedStats(id, checkpointId, deadline);
                CheckpointStat s = stat(cluster.getExecutionGraph(id).get(), c);
                Path chk = Path.of(java.net.URI.create(c.getExternalPath()));
                stats.add(s.withSizeBytes(io.sabot.benchmarks.api.Disk.checkpoint(chk, setup.incremental())));
            }
            String backend =
                    cluster.getExecutionGraph(id).get().getStateBackendName().orElse("");
            return new StateRun(rows, ingest, stats, backend);
        } finally {
            client.cancel().get(60, TimeUnit.SECONDS);
        }
    }

    /** The statistics of completed checkpoint {@code checkpointId}, once Flink has recorded them. */
    private CompletedCheckpointStats completedStats(JobID id, long checkpointId, long deadline) throws Exception {
        while (true) {
            CheckpointStatsSnapshot snapshot =
                    cluster.getExecutionGraph(id).get().getCheckpointStatsSnapshot();
            AbstractCheckpointStats c =
                    snapshot == null ? null : snapshot.getHistory().getCheckpointById(checkpointId);
            if (c instanceof CompletedCheckpointStats completed) {
                return completed;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no statistics for checkpoint " + checkpointId);
            }
            Thread.sleep(20);
        }
    }

    /**
     * One checkpoint: end-to-end duration, state size as Flink reports it, the longest alignment, and as initiation
     * the longest "start delay" of a source subtask (Flink measures it in whole milliseconds, wall clock).
     */
    private static CheckpointStat stat(AccessExecutionGraph graph, CompletedCheckpointStats c) {
        long alignment = -1;
        long startDelay = -1;
        for (TaskStateStats task : c.getAllTaskStateStats()) {
            AccessExecutionJobVertex vertex = graph.getJobVertex(task.getJobVertexId());
            boolean source = vertex != null && vertex.getName().startsWith("Source");
            for (SubtaskStateStats sub : task.getSubtaskStats()) {
                if (sub == null) {
                    continue;
                }
                alignment = Math.max(alignment, sub.getAlignmentDuration());
                if (source) {
                    startDelay = Math.max(startDelay, sub.getCheckpointStartDelay());
                }
            }
        }
        return new CheckpointStat(
                c.getCheckpointId(),
                c.getTriggerTimestamp(),
                c.getEndToEndDuration(),
                c.getStateSize(),
                c.getStateSize(),
                alignment,
                startDelay < 0 ? -1 : startDelay * 1000.0);
    }

    private static void sleepWhileRunning(JobClient client, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        while (true) {
            JobStatus status = client.getJobStatus().get(30, TimeUnit.SECONDS);
            if (status != JobStatus.RUNNING && status != JobStatus.CREATED && status != JobStatus.INITIALIZING) {
                String cause = "";
                try {
                    client.getJobExecutionResult().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    cause = ": " + NexmarkBenchmark.rootMessage(e);
                }
                throw new IllegalStateException("Flink job " + client.getJobID() + " is " + status + cause);
            }
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(left, 100));
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /** Submits pipelines to the running {@link MiniCluster} instead of starting one per job. */
    static final class MiniClusterExecutor implements PipelineExecutor {
        static final String NAME = "sabot-benchmark-minicluster";

        private final MiniCluster cluster;

        MiniClusterExecutor(MiniCluster cluster) {
            this.cluster = cluster;
        }

        @Override
        public CompletableFuture<JobClient> execute(
                Pipeline pipeline, Configuration configuration, ClassLoader userCodeClassloader) throws Exception {
            JobGraph jobGraph = PipelineExecutorUtils.getJobGraph(pipeline, configuration, userCodeClassloader);
            return cluster.submitJob(jobGraph)
                    .thenApply(submitted -> new MiniClusterJobClient(
                            submitted.getJobID(),
                            cluster,
                            userCodeClassloader,
                            MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        }

        /** Offers only {@link MiniClusterExecutor}. */
        static final class Loader implements PipelineExecutorServiceLoader {
            private final MiniCluster cluster;

            Loader(MiniCluster cluster) {
                this.cluster = cluster;
            }

            @Override
            public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
                return new PipelineExecutorFactory() {
                    @Override
                    public String getName() {
                        return NAME;
                    }

                    @Override
                    public boolean isCompatibleWith(Configuration configuration) {
                        return true;
                    }

                    @Override
                    public PipelineExecutor getExecutor(Configuration configuration) {
                        return new MiniClusterExecutor(cluster);
                    }
                };
            }

            @Override
            public Stream<String> getExecutorNames() {
                return Stream.of(NAME);
            }
        }
    }
}
