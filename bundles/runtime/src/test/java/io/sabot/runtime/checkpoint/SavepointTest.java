package io.sabot.runtime.checkpoint;

import static io.sabot.runtime.checkpoint.CheckpointRestoreTest.committedRows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.engine.Checkpoints;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.SavepointInfo;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.runtime.internal.JobCommands;
import io.sabot.runtime.internal.exec.JobRegistryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Savepoints of a windowed nexmark aggregation into the exactly-once filesystem sink: taken while the job runs (with
 * or without periodic checkpoints), restored at another parallelism, after a stop-with-savepoint, from another place;
 * the committed output always equals an undisturbed run's, row for row (nothing lost, nothing doubled).
 */
public class SavepointTest {

    // paced at 10,000 events per second: 12 s, so that a savepoint taken once output appears (later on a loaded
    // machine) still finds the job running; restores and references run unpaced
    private static final long EVENTS = 120_000;

    private static final String DDL =
            """
            CREATE TABLE bid (
              auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
              dateTime TIMESTAMP(3), extra VARCHAR,
              WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND
            ) WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '%d', 'first-event.rate' = '10000',
                    'max-emit-speed' = '%s', 'base-time' = '2024-01-01 00:00:00');
            CREATE TABLE counts (auction BIGINT, window_start TIMESTAMP(3), bids BIGINT, top_price BIGINT,
                                 avg_price DOUBLE)
            WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv');
            """;

    private static final String INSERT =
            """
            INSERT INTO counts
            SELECT auction, window_start, COUNT(*), MAX(price), AVG(price)
            FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
            GROUP BY auction, window_start, window_end
            """;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StreamingSqlExecutor executor(int parallelism) {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .option("state_path", temp.getRoot().toPath().resolve("state").toString())
                .plugins(List.of(new NexmarkSourceFactory(), new FileSystemTableFactory(), new CsvFormatFactory()))
                .build();
    }

    private List<String> reference() throws Exception {
        Path out = temp.newFolder().toPath();
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(DDL.formatted(EVENTS, "true", out.toUri()));
            try (QueryResult result = executor.executeStreamingSql(INSERT)) {
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
            }
        }
        List<String> rows = committedRows(out);
        assertFalse(rows.isEmpty());
        return rows;
    }

    /** Runs the job from {@code savepoint} to its end at {@code parallelism}. */
    private void restore(Path savepoint, Path out, int parallelism) throws Exception {
        try (StreamingSqlExecutor executor = executor(parallelism)) {
            executor.executeDdl(DDL.formatted(EVENTS, "true", out.toUri()) + "SET 'execution.savepoint.path' = '"
                    + savepoint + "';\n");
            try (QueryResult result = executor.executeStreamingSql(INSERT)) {
                result.awaitTermination();
                assertEquals(result.failure().toString(), JobInfo.State.FINISHED, result.status());
            }
        }
    }

    /** Waits until the job has written a first window's rows (so that the savepoint has output to commit). */
    private static void awaitOutput(QueryResult result) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (result.info().rowsOut() == 0) {
            if (System.nanoTime() > deadline || result.status() != JobInfo.State.RUNNING) {
                fail("the job wrote no rows while running: " + result.info());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Without checkpointing, a savepoint at parallelism 2 commits the output up to it; the job is then cancelled
     * (nothing more committed) and restored at parallelism 1 from the savepoint.
     */
    @Test
    public void savepointAtParallelismTwoRestoresAtOne() throws Exception {
        List<String> want = reference();
        Path out = temp.newFolder("out").toPath();
        Path target = temp.newFolder("savepoints").toPath();
        SavepointInfo savepoint;
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(DDL.formatted(EVENTS, "false", out.toUri()));
            QueryResult result = executor.executeStreamingSql(INSERT);
            awaitOutput(result);
            savepoint = executor.savepoint(result.jobId(), target);
            assertEquals(target, savepoint.path().getParent());
            assertTrue(
                    savepoint.path().getFileName().toString(),
                    savepoint
                            .path()
                            .getFileName()
                            .toString()
                            .matches("savepoint-" + savepoint.checkpointId() + "-[0-9a-f]{6}"));
            assertTrue(savepoint.sizeBytes() > 0);
            assertTrue(Checkpoints.describe(savepoint.path()).savepoint());
            result.cancel();
            result.awaitTermination();
            result.close();
        }
        List<String> partial = committedRows(out);
        assertFalse("the savepoint committed the output it covers", partial.isEmpty());
        assertTrue(partial.size() < want.size());
        restore(savepoint.path(), out, 1);
        assertEquals(want, committedRows(out));
    }

    /**
     * With periodic checkpoints (retaining one), stop-with-savepoint through the Gogo command: the job ends STOPPED,
     * the savepoint survives the next run's retention, and a restore at parallelism 2 completes the output exactly.
     */
    @Test
    public void stopWithSavepointThenRestoreDoublesNothing() throws Exception {
        List<String> want = reference();
        Path out = temp.newFolder("out").toPath();
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        String settings = "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints + "';\n"
                + "SET 'pipeline.name' = 'bids-stop';\n";
        JobCommands shell = new JobCommands(new JobRegistryService());
        Path savepoint;
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(DDL.formatted(EVENTS, "false", out.toUri()) + settings);
            QueryResult result = executor.executeStreamingSql(INSERT);
            awaitOutput(result);
            assertTrue(shell.jobs(), shell.jobs().contains(result.jobId()));
            String reply = shell.stop("bids-stop"); // by pipeline.name, into the default directory
            assertEquals(JobInfo.State.STOPPED, result.status());
            savepoint = Path.of(reply.substring(reply.indexOf(" savepoint ") + 11, reply.indexOf(" (id ")));
            Path defaultTarget = temp.getRoot().toPath().resolve("state/savepoints/bids-stop");
            assertEquals(defaultTarget, savepoint.getParent());
            assertTrue(shell.jobs(), shell.jobs().contains("STOPPED"));
            result.close();
        }
        List<String> partial = committedRows(out);
        assertTrue("stopped before the end", partial.size() < want.size());
        try (StreamingSqlExecutor executor = executor(2)) {
            executor.executeDdl(DDL.formatted(EVENTS, "true", out.toUri())
                    + settings
                    + "SET 'execution.savepoint.path' = '" + savepoint + "';\n");
            try (QueryResult result = executor.executeStreamingSql(INSERT)) {
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
            }
        }
        assertEquals(want, committedRows(out));
        assertTrue("retention keeps savepoints", Files.exists(savepoint.resolve("_metadata.json")));

        // a checkpoint is not a savepoint: dispose refuses it; the savepoint itself goes
        Path checkpoint =
                Checkpoints.latest(checkpoints.resolve("bids-stop"), s -> {}).orElseThrow();
        try {
            shell.dispose(checkpoint.toString());
            fail("disposing of a checkpoint must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a savepoint"));
        }
        assertTrue(Files.exists(checkpoint.resolve("_metadata.json")));
        shell.dispose(savepoint.toString());
        assertFalse(Files.exists(savepoint));
    }

    /** A savepoint moved elsewhere restores from its new place (it is self-contained), then is disposed of. */
    @Test
    public void relocatedSavepointRestores() throws Exception {
        List<String> want = reference();
        Path out = temp.newFolder("out").toPath();
        Path taken;
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(DDL.formatted(EVENTS, "false", out.toUri()));
            QueryResult result = executor.executeStreamingSql(INSERT);
            awaitOutput(result);
            taken = result.stopWithSavepoint(temp.newFolder("first").toPath()).path();
            assertEquals(JobInfo.State.STOPPED, result.status());
            result.close();
        }
        Path moved = temp.newFolder("elsewhere").toPath().resolve("my-savepoint");
        Files.move(taken, moved);
        restore(moved, out, 2);
        assertEquals(want, committedRows(out));
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.disposeSavepoint(moved);
        }
        assertFalse(Files.exists(moved));
    }

    /** Bad requests fail naming what is wrong, and delete nothing. */
    @Test
    public void badRequestsAreRefusedClearly() throws Exception {
        Path notASavepoint = temp.newFolder("data").toPath();
        Files.writeString(notASavepoint.resolve("precious.txt"), "keep me");
        Path out = temp.newFolder("out").toPath();
        try (StreamingSqlExecutor executor = executor(1)) {
            try {
                executor.disposeSavepoint(notASavepoint);
                fail("a directory without savepoint metadata must not be deleted");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("is not a savepoint"));
            }
            assertTrue(Files.exists(notASavepoint.resolve("precious.txt")));
            try {
                executor.savepoint("job-999", temp.getRoot().toPath());
                fail("an unknown job must be refused");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("no job 'job-999'"));
            }
            executor.executeDdl(DDL.formatted(1_000, "true", out.toUri()));
            QueryResult result = executor.executeStreamingSql(INSERT);
            result.awaitTermination();
            try {
                executor.savepoint(result.jobId(), temp.getRoot().toPath());
                fail("an ended job must be refused");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("has ended (FINISHED)"));
            }
            result.close();
        }
    }
}
