package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.util.HashMap;
import java.util.Map;
import javax.inject.Inject;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/** A SQL query runs inside Felix on the installed plug-ins and returns correct Arrow batches. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SqlInFelixIT extends SabotTestSupport {

    /** The runtime's resolver over the plug-in registry: once it is there, builder() uses the container. */
    @Inject
    @Filter("(sabot.resolver=registry)")
    ConnectorResolver containerResolver;

    @Inject
    JobRegistry jobRegistry;

    @Inject
    CommandProcessor commandProcessor;

    @Test
    public void windowedAggregateOverDatagenAtParallelismTwo() throws Exception {
        awaitRegistry(
                s -> s.active(io.sabot.runtime.PluginKind.CONNECTOR, "datagen").isPresent(), 10_000);
        try (StreamingSqlExecutor executor =
                StreamingSqlExecutor.builder().parallelism(2).build()) {
            executor.executeDdl("CREATE TABLE events (\n"
                    + "  id BIGINT,\n"
                    + "  ts AS TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-01 00:00:00'),\n"
                    + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
                    + ") WITH ('connector' = 'datagen', 'rows-per-second' = '1000000',\n"
                    + "  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '599')");
            Map<Long, long[]> windows = new HashMap<>();
            try (QueryResult result = executor.executeStreamingSql(
                    "SELECT TUMBLE(ts, INTERVAL '1' MINUTE) AS w,"
                            + " COUNT(*) AS n, SUM(id) AS s, 'x' AS tag FROM events GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)")) {
                assertEquals(java.util.List.of("w", "n", "s", "tag"), result.columns());
                for (VectorSchemaRoot batch : result) {
                    TimeStampMilliVector w = (TimeStampMilliVector) batch.getVector("w");
                    BigIntVector n = (BigIntVector) batch.getVector("n");
                    BigIntVector s = (BigIntVector) batch.getVector("s");
                    VarCharVector tag = (VarCharVector) batch.getVector("tag");
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        assertEquals("x", new String(tag.get(i), java.nio.charset.StandardCharsets.UTF_8));
                        windows.put(w.get(i), new long[] {n.get(i), s.get(i)});
                    }
                }
                result.awaitTermination();
            }
            // The job registry saw the job through to its end, with its SQL and row counts; so does the shell.
            JobInfo job = jobRegistry.jobs().get(0);
            assertTrue(job.sql(), job.sql().contains("TUMBLE(ts, INTERVAL '1' MINUTE)"));
            assertEquals(JobInfo.State.FINISHED, job.state());
            assertEquals(600, job.rowsIn());
            assertEquals(10, job.rowsOut());
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
            CommandSession session =
                    commandProcessor.createSession(new java.io.ByteArrayInputStream(new byte[0]), print, print);
            Object listing = session.execute("sabot:jobs");
            session.close();
            assertTrue(String.valueOf(listing), String.valueOf(listing).contains(job.id() + "  FINISHED"));
            // 600 rows one second apart: ten windows of 60 rows; window k holds ids 60k..60k+59.
            assertEquals(10, windows.size());
            long start = java.time.Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
            for (int k = 0; k < 10; k++) {
                long[] window = windows.get(start + k * 60_000L);
                assertTrue("window " + k + " missing: " + windows.keySet(), window != null);
                assertEquals(60, window[0]);
                assertEquals(60L * 60 * k + 59 * 60 / 2, window[1]);
            }
        }
    }
}
