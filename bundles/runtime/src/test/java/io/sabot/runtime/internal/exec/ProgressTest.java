package io.sabot.runtime.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Checkpoints as users see them: the job registry's {@link JobInfo} counts them and describes the last one (a
 * directory that exists, of the size it reports), and the CLI's progress reporter prints a line per completed
 * checkpoint, then the final state.
 */
public class ProgressTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void jobInfoAndProgressLinesShowCompletedCheckpoints() throws Exception {
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(new NexmarkSourceFactory(), new BlackholeSinkFactory()))
                .build()) {
            // 40,000 events at 10,000 per second: about 4 s, so several 300 ms checkpoints complete while it runs
            executor.executeDdl(
                    """
                    CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
                      dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND)
                    WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '40000',
                          'first-event.rate' = '10000', 'base-time' = '2024-01-01 00:00:00');
                    CREATE TABLE sink (auction BIGINT, bids BIGINT) WITH ('connector' = 'blackhole');
                    SET 'execution.checkpointing.interval' = '300 ms';
                    SET 'state.checkpoints.num-retained' = '100';
                    """
                            + "SET 'state.checkpoints.dir' = '" + checkpoints + "';");
            try (QueryResult result = executor.executeStreamingSql(
                    "INSERT INTO sink SELECT auction, COUNT(*) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime),"
                            + " INTERVAL '1' SECOND)) GROUP BY auction, window_start, window_end")) {
                Progress progress = new Progress(result, err, false);
                JobInfo running = awaitCheckpoints(result, 2);
                assertEquals(JobInfo.State.RUNNING, running.state());
                JobInfo.Checkpoint last = running.lastCheckpoint().orElseThrow();
                assertFalse(last.savepoint());
                assertTrue(last.id() >= 2);
                Path dir = Path.of(last.path());
                assertTrue(dir + " has no _metadata.json", Files.isRegularFile(dir.resolve("_metadata.json")));
                assertEquals("the reported size is the directory's", size(dir), last.sizeBytes());
                assertTrue(last.durationMillis() >= 0 && last.alignmentMillis() >= 0);
                assertFalse(last.completedAt().isAfter(Instant.now()));
                assertTrue(ProgressLine.checkpoint(running).startsWith(last.id() + " ("));

                result.awaitTermination();
                progress.close();
                JobInfo done = result.info();
                assertEquals(done.failure().orElse(""), JobInfo.State.FINISHED, done.state());
                assertTrue(done.checkpointsCompleted() >= running.checkpointsCompleted());
                assertEquals(0, done.checkpointsFailed());
            }
        }
        String output = buffer.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("checkpoint (\\d+): \\d+ ms, [0-9.]+ (B|KiB|MiB), aligned \\d+ ms")
                .matcher(output);
        long previous = 0;
        int lines = 0;
        while (m.find()) {
            long id = Long.parseLong(m.group(1));
            assertTrue("checkpoint ids go up in\n" + output, id >= previous);
            previous = id;
            lines++;
        }
        assertTrue("a line per completed checkpoint in\n" + output, lines >= 2);
        // the watermark: event time of the nexmark events (base time 2024-01-01 00:00:00 UTC), never going back
        Matcher wm = Pattern.compile("\\| wm (2024-01-01 \\d\\d:\\d\\d:\\d\\d|end) \\|")
                .matcher(output);
        String previousWatermark = "";
        int watermarks = 0;
        while (wm.find()) {
            assertTrue("the watermark goes up in\n" + output, wm.group(1).compareTo(previousWatermark) >= 0);
            previousWatermark = wm.group(1);
            watermarks++;
        }
        assertTrue("an event-time watermark in\n" + output, watermarks >= 2);
        String[] all = output.strip().split("\n");
        assertTrue("ends with the final state:\n" + output, all[all.length - 1].contains(" FINISHED "));
    }

    @Test
    public void progressLineFormat() {
        JobInfo info = new JobInfo(
                "job-1",
                "INSERT INTO t SELECT 1",
                JobInfo.State.RUNNING,
                Instant.parse("2026-01-01T00:00:00Z"),
                Optional.empty(),
                Optional.empty(),
                1_234_567,
                890,
                3,
                12,
                1,
                Optional.of(new JobInfo.Checkpoint(
                        12, false, "/x/chk-12", Instant.parse("2026-01-01T01:02:00Z"), 230, 4_718_592, 3)));
        ProgressLine line = new ProgressLine();
        Instant now = Instant.parse("2026-01-01T01:02:03Z");
        assertEquals(
                "job-1 RUNNING 1:02:03 | in 1,234,567 | out 890 | late 3 | wm 2024-01-01 10:00:05 | checkpoint 12:"
                        + " 230 ms, 4.5 MiB, aligned 3 ms, 3 s ago | 1 failed",
                line.format(info, Instant.parse("2024-01-01T10:00:05.250Z").toEpochMilli(), 0, now));
        JobInfo later = new JobInfo(
                info.id(),
                info.sql(),
                info.state(),
                info.started(),
                info.ended(),
                info.failure(),
                1_334_567,
                890,
                3,
                12,
                1,
                info.lastCheckpoint());
        String second = line.format(later, Long.MIN_VALUE, Duration.ofSeconds(2).toNanos(), now);
        assertTrue(second, second.contains("in 1,334,567 (50,000/s)"));
        assertTrue("no watermark yet: " + second, second.contains(" | wm - | "));
        assertTrue(line.format(later, Long.MAX_VALUE, 0, now).contains(" | wm end | "));
        assertEquals("12 (230 ms, 4.5 MiB, aligned 3 ms, 1 failed)", ProgressLine.checkpoint(info));
    }

    private static JobInfo awaitCheckpoints(QueryResult result, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JobInfo info = result.info();
            if (info.checkpointsCompleted() >= count) {
                return info;
            }
            if (info.state() != JobInfo.State.RUNNING) {
                throw new AssertionError("the job ended before " + count + " checkpoints: " + info);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + count + " checkpoints in 30 s: " + result.info());
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }
}
