package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Digest;
import io.sabot.benchmarks.api.Engine;
import io.sabot.benchmarks.api.Query;
import io.sabot.benchmarks.flink.NexmarkBidTableFactory;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
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
        long start = System.nanoTime();
        TableResult result = tEnv.executeSql(query.insert());
        try {
            result.await(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.getJobClient().ifPresent(JobClient::cancel);
            throw new TimeoutException("no end after " + timeoutSeconds + " s");
        }
        return System.nanoTime() - start;
    }

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
