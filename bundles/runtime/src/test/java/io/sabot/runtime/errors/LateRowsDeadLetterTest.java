package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.deadletter.internal.DeadLetterHandlerFactory;
import io.sabot.errors.deadletter.internal.FileDeadLetterSinkFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code SET 'sabot.late-data' = 'dead-letter'}: a file of trades, one a second, into 10 s windows with a watermark
 * 2 s behind, and among them 20 trades that are 5,000 s behind their neighbours. A source batch holds at most 4,096
 * lines, so whatever the batch boundaries those 20 arrive when the watermark has passed their windows by far: they are
 * exactly the late rows. The windows equal a reference computed here from the other trades, and the dead-letter files
 * (real filesystem target) hold exactly the 20, with their values, event time, watermark and window; at parallelism 1
 * and 2. Without a target the job is refused naming the missing key.
 */
public class LateRowsDeadLetterTest {

    private static final int TRADES = 10_000;
    private static final long BASE =
            LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    private static final long LAG = 5_000_000;
    private static final Pattern MESSAGE = Pattern.compile("late row: event time (\\S+ \\S+) is behind the watermark"
            + " (\\S+ \\S+) of window \\[(\\S+ \\S+), (\\S+ \\S+)\\) \\(operator \\S+, subtask \\d, table"
            + " 'default\\.trades'\\)");

    private Path dir;
    private Path input;
    /** The late trades as "symbol volume ts" (ts in ms). */
    private final List<String> late = new ArrayList<>();
    /** "symbol@window start" -> [count, sum of volume], of the trades that are not late. */
    private final Map<String, List<Long>> reference = new TreeMap<>();

    private StreamingSqlExecutor executor;

    private static String time(long millis) {
        return LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC)
                .toString()
                .replace('T', ' ');
    }

    private static long millis(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T'))
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }

    private static String line(String symbol, long volume, long ts) {
        return "{\"symbol\":\"" + symbol + "\",\"volume\":" + volume + ",\"ts\":\"" + time(ts) + "\"}";
    }

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("sabot-late-rows");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TRADES; i++) {
            String symbol = "S" + (i % 7);
            long volume = (i * 7919L) % 1000;
            long ts = BASE + i * 1000L;
            lines.add(line(symbol, volume, ts));
            List<Long> acc = reference.computeIfAbsent(
                    symbol + "@" + (ts - Math.floorMod(ts, 10_000L)), k -> new ArrayList<>(List.of(0L, 0L)));
            acc.set(0, acc.get(0) + 1);
            acc.set(1, acc.get(1) + volume);
            if (i >= 6_000 && i % 200 == 0) {
                String lateSymbol = "S" + (i % 5);
                long lateTs = ts - LAG + 3_000;
                lines.add(line(lateSymbol, 1_000 + i, lateTs));
                late.add(lateSymbol + " " + (1_000 + i) + " " + lateTs);
            }
        }
        input = Files.write(dir.resolve("trades.json"), lines);
    }

    @After
    public void tearDown() throws Exception {
        if (executor != null) {
            executor.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void start(int parallelism) {
        executor = StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new JsonFormatFactory(),
                        new DeadLetterHandlerFactory(),
                        new FileDeadLetterSinkFactory()))
                .build();
        executor.executeDdl("CREATE TABLE trades (symbol STRING, volume BIGINT, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts - INTERVAL '2' SECOND) WITH ('connector' = 'filesystem', 'path' = '"
                + input + "', 'format' = 'json')");
    }

    private static final String QUERY = "SELECT symbol, window_start, COUNT(*) AS n, SUM(volume) AS v FROM"
            + " TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
            + " GROUP BY symbol, window_start, window_end";

    /** Runs the windowed count to its end; the windows as "symbol@start" -> [count, sum]. */
    private static Map<String, List<Long>> windows(QueryResult result) {
        Map<String, List<Long>> windows = new TreeMap<>();
        for (VectorSchemaRoot batch : result) {
            var symbol = (VarCharVector) batch.getVector("symbol");
            var start = (TimeStampVector) batch.getVector("window_start");
            var n = (BigIntVector) batch.getVector("n");
            var v = (BigIntVector) batch.getVector("v");
            for (int i = 0; i < batch.getRowCount(); i++) {
                List<Long> previous =
                        windows.put(symbol.getObject(i) + "@" + start.get(i), List.of(n.get(i), v.get(i)));
                assertEquals("a window is emitted once", null, previous);
            }
        }
        return windows;
    }

    @Test
    public void lateRowsGoToTheDeadLetterFilesAndTheWindowsAreThoseOfTheOtherRows() throws Exception {
        for (int parallelism : List.of(1, 2)) {
            Path dlq = dir.resolve("dlq-" + parallelism);
            start(parallelism);
            executor.executeDdl("SET 'sabot.late-data' = 'dead-letter'");
            executor.executeDdl("SET 'error.dead-letter.connector' = 'filesystem'");
            executor.executeDdl("SET 'error.dead-letter.path' = '" + dlq + "'");
            try (QueryResult result = executor.executeStreamingSql(QUERY)) {
                assertEquals("p=" + parallelism, reference, windows(result));
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
                assertEquals("p=" + parallelism, late.size(), result.info().recordsDeadLettered());
                assertEquals("p=" + parallelism, 0, result.info().lateRowsDropped());
            }
            List<String> letters = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            try (Stream<Path> files = Files.list(dlq)) {
                for (Path file : files.toList()) {
                    for (String text : Files.readAllLines(file)) {
                        JsonNode letter = json.readTree(text);
                        assertEquals(text, "WATERMARK", letter.get("error_type").asText());
                        assertEquals(text, "default.trades", letter.get("table").asText());
                        JsonNode row = letter.get("row");
                        assertEquals(text, 3, row.size());
                        long ts = millis(row.get("ts").asText());
                        assertEquals(
                                text,
                                ts,
                                java.time.Instant.parse(letter.get("event_time").asText())
                                        .toEpochMilli());
                        Matcher m = MESSAGE.matcher(letter.get("message").asText());
                        assertTrue(text, m.matches());
                        assertEquals(text, ts, millis(m.group(1)));
                        long start = ts - Math.floorMod(ts, 10_000L);
                        assertEquals(text, start, millis(m.group(3)));
                        assertEquals(text, start + 10_000, millis(m.group(4)));
                        assertTrue(text, millis(m.group(2)) >= start + 10_000 - 1);
                        assertTrue(text, letter.get("operator").asText().endsWith("-windowaggregate"));
                        letters.add(row.get("symbol").asText() + " "
                                + row.get("volume").asText() + " " + ts);
                    }
                }
            }
            letters.sort(Comparator.naturalOrder());
            List<String> expected = new ArrayList<>(late);
            expected.sort(Comparator.naturalOrder());
            assertEquals("p=" + parallelism, expected, letters);
            executor.close();
            executor = null;
        }
    }

    @Test
    public void deadLetterWithoutATargetIsRefusedNamingTheMissingKey() {
        start(1);
        executor.executeDdl("SET 'sabot.late-data' = 'dead-letter'");
        String message = assertThrows(RuntimeException.class, () -> executor.executeStreamingSql(QUERY))
                .getMessage();
        assertTrue(message, message.contains("'error.dead-letter.connector'"));
        assertTrue(message, message.contains("'sabot.late-data' = 'dead-letter'"));
        assertTrue(message, message.contains("filesystem"));
    }
}
