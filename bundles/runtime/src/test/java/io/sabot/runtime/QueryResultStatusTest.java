package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * An INSERT INTO result tells how its job ended: {@link QueryResult#status()} and {@link QueryResult#failure()} for a
 * job that finished, one a bad record failed, and one that was cancelled. Real filesystem, csv and nexmark plug-ins.
 */
public class QueryResultStatusTest {

    private Path dir;
    private StreamingSqlExecutor executor;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("sabot-status");
        executor = StreamingSqlExecutor.builder()
                .plugins(List.of(new FileSystemTableFactory(), new CsvFormatFactory(), new NexmarkSourceFactory()))
                .build();
    }

    @After
    public void tearDown() throws Exception {
        executor.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void table(String name, String columns, Path path) {
        executor.executeDdl("CREATE TABLE " + name + " (" + columns + ") WITH ('connector' = 'filesystem', 'path' = '"
                + path + "', 'format' = 'csv')");
    }

    private static List<String> lines(Path directory) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    @Test
    public void anInsertThatWroteEveryRowReportsFinished() throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), "1,a\n2,b\n3,c\n");
        Path out = Files.createDirectory(dir.resolve("out"));
        table("src", "id BIGINT, name STRING", in);
        table("dst", "id BIGINT, name STRING", out);
        try (QueryResult result =
                executor.executeStreamingSql("INSERT INTO dst SELECT id, name FROM src WHERE id > 1")) {
            result.awaitTermination();
            assertEquals(JobInfo.State.FINISHED, result.status());
            assertFalse(result.failure().isPresent());
            JobInfo info = result.info();
            assertEquals(JobInfo.State.FINISHED, info.state());
            assertEquals(3, info.rowsIn());
            assertEquals(2, info.rowsOut());
            assertTrue(info.ended().isPresent());
        }
        assertEquals(List.of("2,b", "3,c"), lines(out).stream().sorted().toList());
    }

    @Test
    public void anInsertABadRecordStoppedReportsFailedWithTheCause() throws Exception {
        Path in = Files.writeString(dir.resolve("bad.csv"), "1,a\nnot-a-number,b\n3,c\n");
        Path out = Files.createDirectory(dir.resolve("out"));
        table("src", "id BIGINT, name STRING", in);
        table("dst", "id BIGINT, name STRING", out);
        try (QueryResult result = executor.executeStreamingSql("INSERT INTO dst SELECT id, name FROM src")) {
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            Throwable cause = result.failure().orElseThrow(() -> new AssertionError("no failure"));
            String messages = messages(cause);
            assertTrue(messages, messages.contains("not-a-number"));
            assertEquals(JobInfo.State.FAILED, result.info().state());
            assertTrue(result.info().failure().isPresent());
        }
        assertEquals("a failed job commits nothing", List.of(), lines(out));
    }

    @Test
    public void aCancelledInsertReportsCanceled() throws Exception {
        executor.executeDdl("CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR,"
                + " url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR) WITH ("
                + "'connector' = 'nexmark', 'table' = 'bid', 'first-event.rate' = '1000')"); // unbounded, paced
        Path out = Files.createDirectory(dir.resolve("out"));
        table("dst", "auction BIGINT, price BIGINT", out);
        try (QueryResult result = executor.executeStreamingSql("INSERT INTO dst SELECT auction, price FROM bid")) {
            assertEquals(JobInfo.State.RUNNING, result.status());
            result.cancel();
            result.awaitTermination();
            assertEquals(JobInfo.State.CANCELED, result.status());
            assertFalse(result.failure().isPresent());
        }
    }

    @Test
    public void aSelectReportsItsStatusToo() throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), "1,a\n2,b\n");
        table("src", "id BIGINT, name STRING", in);
        try (QueryResult result = executor.executeStreamingSql("SELECT id FROM src")) {
            long rows = 0;
            for (var batch : result) {
                rows += batch.getRowCount();
            }
            assertEquals(2, rows);
            result.awaitTermination();
            assertEquals(JobInfo.State.FINISHED, result.status());
        }
        Path bad = Files.writeString(dir.resolve("bad.csv"), "x,a\n");
        table("worse", "id BIGINT, name STRING", bad);
        try (QueryResult result = executor.executeStreamingSql("SELECT id FROM worse")) {
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            assertTrue(result.failure().isPresent());
        }
    }

    private static String messages(Throwable t) {
        StringBuilder out = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            out.append(c).append('\n');
        }
        return out.toString();
    }
}
