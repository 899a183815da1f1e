package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/** The Gogo commands sabot:savepoint, sabot:stop and sabot:dispose on a job running inside Felix. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SavepointShellIT extends SabotTestSupport {

    @Inject
    @Filter("(sabot.resolver=registry)")
    ConnectorResolver containerResolver;

    @Inject
    CommandProcessor commandProcessor;

    private String shell(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            return String.valueOf(session.execute(command));
        } finally {
            session.close();
        }
    }

    @Test
    public void savepointStopAndDisposeFromTheShell() throws Exception {
        awaitRegistry(
                s -> s.active(io.sabot.runtime.PluginKind.CONNECTOR, "datagen").isPresent(), 10_000);
        Path target = Files.createTempDirectory("sabot-savepoints");
        try (StreamingSqlExecutor executor =
                StreamingSqlExecutor.builder().parallelism(2).build()) {
            executor.executeDdl("SET 'pipeline.name' = 'shell-savepoints';\n"
                    + "CREATE TABLE events (\n"
                    + "  id BIGINT,\n"
                    + "  ts AS TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-01 00:00:00'),\n"
                    + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
                    + ") WITH ('connector' = 'datagen', 'rows-per-second' = '2000',\n"
                    + "  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '100000000')");
            QueryResult result = executor.executeStreamingSql(
                    "SELECT TUMBLE(ts, INTERVAL '1' MINUTE) AS w, COUNT(*) AS n FROM events"
                            + " GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE)");
            Thread reader = new Thread(() -> {
                for (VectorSchemaRoot batch : result) {
                    batch.getRowCount();
                }
            });
            reader.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (result.info().rowsIn() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            String taken = shell("sabot:savepoint shell-savepoints " + target);
            assertTrue(taken, taken.startsWith("Savepoint " + target + "/savepoint-"));
            Path first = Path.of(taken.substring("Savepoint ".length(), taken.indexOf(" (id ")));
            assertTrue(Files.exists(first.resolve("_metadata.json")));

            String stopped = shell("sabot:stop shell-savepoints " + target);
            assertTrue(stopped, stopped.startsWith("Stopped "));
            reader.join(30_000);
            assertEquals(JobInfo.State.STOPPED, result.status());
            assertTrue(shell("sabot:jobs"), shell("sabot:jobs").contains("STOPPED"));
            result.close();

            String disposed = shell("sabot:dispose " + first);
            assertTrue(disposed, disposed.startsWith("Disposed of savepoint"));
            assertFalse(Files.exists(first));
        }
    }
}
