package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code restarts} counts the executions of a named job that start after its previous execution failed (as a managed
 * job's restart strategy does), across executors of the container; a job run again after it finished is not
 * restarted.
 */
public class RestartsMetricTest {

    private static final String METRIC = "sabot.default.restarted-job.restarts";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /**
     * Runs the job once in a new executor over {@code input}; returns its {@code restarts} while it ran and checks that
     * it ended as expected and took its metric away.
     */
    private long run(Path input, Path output, JobInfo.State expected) throws Exception {
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(1)
                .plugins(List.of(new FileSystemTableFactory(), new CsvFormatFactory()))
                .build()) {
            MetricRegistry registry = executor.metricRegistry();
            MetricsAndHealthTest.Recorder recorder = new MetricsAndHealthTest.Recorder(registry);
            executor.executeDdl("CREATE TABLE src (k BIGINT, v BIGINT) WITH ('connector' = 'filesystem', 'path' = '"
                    + input + "', 'format' = 'csv');"
                    + "CREATE TABLE dst (k BIGINT, v BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + output
                    + "', 'format' = 'csv');"
                    + "SET 'pipeline.name' = 'restarted-job';");
            try (QueryResult result = executor.executeStreamingSql("INSERT INTO dst SELECT k, v FROM src")) {
                result.awaitTermination();
                assertEquals(result.failure().map(Throwable::toString).orElse(""), expected, result.status());
            }
            assertTrue(recorder.added.keySet().toString(), recorder.added.containsKey(METRIC));
            assertFalse("removed when the execution ended", registry.getNames().contains(METRIC));
            return ((Counter) recorder.added.get(METRIC)).getCount();
        }
    }

    @Test
    public void executionsAfterAFailedOneCountAsRestartsAcrossExecutors() throws Exception {
        Path good = temp.newFolder("good").toPath();
        Files.writeString(good.resolve("a.csv"), "1,10\n2,20\n", StandardCharsets.UTF_8);
        Path bad = temp.newFolder("bad").toPath();
        Files.writeString(bad.resolve("a.csv"), "1,10\nnot-a-number,20\n", StandardCharsets.UTF_8);
        Path out = temp.newFolder("out").toPath();

        assertEquals("the first execution", 0, run(bad, out, JobInfo.State.FAILED));
        assertEquals("after one failure", 1, run(bad, out, JobInfo.State.FAILED));
        assertEquals("after two failures", 2, run(good, out, JobInfo.State.FINISHED));
        assertEquals("after a finished execution: not a restart", 2, run(good, out, JobInfo.State.FINISHED));
    }
}
