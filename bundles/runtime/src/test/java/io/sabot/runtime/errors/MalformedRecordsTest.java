package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.FailHandlerFactory;
import io.sabot.errors.basic.internal.RetryHandlerFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
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
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A file of 2,000 trades of which 1 % are corrupt (oversize, bad JSON, a wrong type, a missing field) read into one-minute
 * windows, with each error policy: dead-letter and skip give the windows of the good records exactly (a reference
 * computed here), dead letters keep each corrupt line with its line number, skip counts them, and the default fails
 * naming the line. Real filesystem and json plug-ins and the real error-handler bundles.
 */
public class MalformedRecordsTest {

    private static final int RECORDS = 2_000;
    /** 'source.record.max-size' of the table: 1 KiB. */
    private static final int MAX_LINE = 1024;

    private static final long BASE =
            LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();

    private Path dir;
    private Path input;
    /** Line number (1-based) -> the corrupt line. */
    private final Map<Long, String> corrupt = new TreeMap<>();
    /** "symbol@window start" -> [count, sum of volume], of the good lines. */
    private final Map<String, List<Long>> reference = new TreeMap<>();
    /** The same with the oversize lines, which a table with a larger 'source.record.max-size' reads. */
    private final Map<String, List<Long>> withOversize = new TreeMap<>();

    private StreamingSqlExecutor executor;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("sabot-malformed");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String symbol = "S" + (i % 7);
            long volume = (i * 7919L) % 1000;
            long ts = BASE + i * 1000L;
            String time = LocalDateTime.ofEpochSecond(ts / 1000, 0, ZoneOffset.UTC)
                    .toString()
                    .replace('T', ' ');
            String line;
            if (i % 100 == 37) { // 1 %, of four kinds
                line = switch ((i / 100) % 4) {
                        // valid, but over 'source.record.max-size'
                    case 0 -> "{\"symbol\":\"" + symbol + "\",\"volume\":" + volume + ",\"ts\":\"" + time
                            + "\",\"note\":\"" + "x".repeat(MAX_LINE) + "\"}";
                    case 1 -> "{\"symbol\":\"" + symbol + "\",\"volume\":" + volume + ",\"ts\":\"" + time; // cut off
                    case 2 -> "{\"symbol\":\"" + symbol + "\",\"volume\":\"many\",\"ts\":\"" + time + "\"}";
                    default -> "{\"symbol\":\"" + symbol + "\",\"ts\":\"" + time + "\"}"; // no volume
                };
                corrupt.put((long) i + 1, line);
                if ((i / 100) % 4 == 0) {
                    add(withOversize, symbol, ts, volume);
                }
            } else {
                line = "{\"symbol\":\"" + symbol + "\",\"volume\":" + volume + ",\"ts\":\"" + time + "\"}";
                add(reference, symbol, ts, volume);
                add(withOversize, symbol, ts, volume);
            }
            lines.add(line);
        }
        input = Files.write(dir.resolve("trades.json"), lines);
        executor = StreamingSqlExecutor.builder()
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new JsonFormatFactory(),
                        new FailHandlerFactory(),
                        new SkipHandlerFactory(),
                        new RetryHandlerFactory(),
                        new DeadLetterHandlerFactory(),
                        new FileDeadLetterSinkFactory(),
                        new io.sabot.format.raw.internal.RawFormatFactory()))
                .build();
    }

    /** Counts a record into its one-minute window of {@code windows}. */
    private static void add(Map<String, List<Long>> windows, String symbol, long ts, long volume) {
        List<Long> acc = windows.computeIfAbsent(
                symbol + "@" + (ts - Math.floorMod(ts, 60_000L)), k -> new ArrayList<>(List.of(0L, 0L)));
        acc.set(0, acc.get(0) + 1);
        acc.set(1, acc.get(1) + volume);
    }

    @After
    public void tearDown() throws Exception {
        executor.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void trades(String errorOptions) {
        executor.executeDdl("CREATE TABLE trades (symbol STRING, volume BIGINT, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'filesystem', 'path' = '"
                + input + "', 'format' = 'json', 'json.fail-on-missing-field' = 'true', 'source.record.max-size' = '"
                + MAX_LINE + " b'" + errorOptions + ")");
    }

    /** Runs the windowed count to its end; the windows as "symbol@start" -> [count, sum]. */
    private Map<String, List<Long>> windows(QueryResult result) {
        Map<String, List<Long>> windows = new TreeMap<>();
        for (VectorSchemaRoot batch : result) {
            var symbol = (VarCharVector) batch.getVector("symbol");
            var start = (TimeStampVector) batch.getVector("window_start");
            var n = (BigIntVector) batch.getVector("n");
            var v = (BigIntVector) batch.getVector("v");
            for (int i = 0; i < batch.getRowCount(); i++) {
                windows.put(symbol.getObject(i) + "@" + start.get(i), List.of(n.get(i), v.get(i)));
            }
        }
        return windows;
    }

    private static final String QUERY = "SELECT symbol, window_start, COUNT(*) AS n, SUM(volume) AS v FROM"
            + " TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
            + " GROUP BY symbol, window_start, window_end";

    @Test
    public void deadLetterKeepsEveryCorruptLineWithItsPositionAndTheWindowsOfTheRest() throws Exception {
        Path dlq = dir.resolve("dlq");
        trades(", 'error.handler' = 'dead-letter', 'error.dead-letter.connector' = 'filesystem',"
                + " 'error.dead-letter.path' = '" + dlq + "'");
        try (QueryResult result = executor.executeStreamingSql(QUERY)) {
            assertEquals(reference, windows(result));
            result.awaitTermination();
            assertEquals(JobInfo.State.FINISHED, result.status());
            assertEquals(corrupt.size(), result.info().recordsDeadLettered());
            assertEquals(0, result.info().recordsSkipped());
        }
        Map<Long, String> letters = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dlq)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode letter = json.readTree(line);
                    assertEquals("default.trades", letter.get("table").asText());
                    assertEquals("CONNECTOR", letter.get("error_type").asText());
                    assertTrue(line, letter.get("split").asText().contains("trades.json"));
                    assertTrue(
                            line,
                            letter.get("message").asText().contains("did not decode")
                                    || letter.get("message")
                                            .asText()
                                            .contains(letter.get("position").asText()));
                    String position = letter.get("position").asText();
                    assertTrue(position, position.startsWith("line "));
                    letters.put(
                            Long.parseLong(position.substring(5)),
                            letter.get("original").asText());
                }
            }
        }
        assertEquals(corrupt, letters);

        // docs/error-handling.md: the dead letters read back as a table, by SQL
        executor.executeDdl("CREATE TABLE trades_dlq (`table` STRING, `split` STRING, `position` STRING,"
                + " message STRING, original STRING) WITH ('connector' = 'filesystem', 'path' = '" + dlq
                + "', 'format' = 'json')");
        Map<Long, String> read = new TreeMap<>();
        try (QueryResult result = executor.executeStreamingSql(
                "SELECT `position`, original FROM trades_dlq WHERE `table` = 'default.trades'")) {
            for (VectorSchemaRoot batch : result) {
                var position = (VarCharVector) batch.getVector("position");
                var original = (VarCharVector) batch.getVector("original");
                for (int i = 0; i < batch.getRowCount(); i++) {
                    read.put(
                            Long.parseLong(position.getObject(i).toString().substring(5)),
                            original.getObject(i).toString());
                }
            }
        }
        assertEquals(corrupt, read);
    }

    /**
     * docs/error-handling.md "Replaying dead letters": after the fix (a larger 'source.record.max-size'), one SQL job
     * writes the dead letters' original lines back as a file ('raw' format), and the fixed table reads them: the
     * oversize records now count, the others are still corrupt and skipped, and the two runs' windows together equal
     * the windows of every record the fixed definition reads.
     */
    @Test
    public void deadLettersReplayThroughSqlAfterTheFix() throws Exception {
        Path dlq = dir.resolve("dlq");
        trades(", 'error.handler' = 'dead-letter', 'error.dead-letter.connector' = 'filesystem',"
                + " 'error.dead-letter.path' = '" + dlq + "'");
        Map<String, List<Long>> first;
        try (QueryResult result = executor.executeStreamingSql(QUERY)) {
            first = windows(result);
        }
        assertEquals(reference, first);

        Path replayed = dir.resolve("replayed");
        executor.executeScript(
                "CREATE TABLE trades_dlq (`table` STRING, original STRING)\n"
                        + "  WITH ('connector' = 'filesystem', 'path' = '" + dlq + "', 'format' = 'json');\n"
                        + "CREATE TABLE trades_replayed (line STRING)\n"
                        + "  WITH ('connector' = 'filesystem', 'path' = '" + replayed + "', 'format' = 'raw');\n"
                        + "INSERT INTO trades_replayed SELECT original FROM trades_dlq"
                        + " WHERE `table` = 'default.trades' AND original IS NOT NULL;\n",
                Map.of(),
                new StreamingSqlExecutor.ScriptListener() {
                    @Override
                    public void onMessage(String text) {}

                    @Override
                    public void onQuery(String sql, QueryResult result) throws InterruptedException {
                        result.awaitTermination();
                        assertEquals(result.failure().toString(), JobInfo.State.FINISHED, result.status());
                    }
                });

        executor.executeDdl("DROP TABLE trades");
        executor.executeDdl("CREATE TABLE trades (symbol STRING, volume BIGINT, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'filesystem', 'path' = '"
                + replayed + "', 'format' = 'json', 'json.fail-on-missing-field' = 'true',"
                + " 'source.record.max-size' = '" + 4 * MAX_LINE + " b', 'error.handler' = 'skip')");
        long oversize =
                corrupt.values().stream().filter(l -> l.length() > MAX_LINE).count();
        assertTrue(oversize > 0);
        Map<String, List<Long>> all = new TreeMap<>(first);
        try (QueryResult result = executor.executeStreamingSql(QUERY)) {
            windows(result)
                    .forEach((window, nv) ->
                            all.merge(window, nv, (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1))));
            result.awaitTermination();
            assertEquals(corrupt.size() - oversize, result.info().recordsSkipped());
        }
        assertEquals(withOversize, all);
    }

    @Test
    public void skipSetForTheJobCountsEveryCorruptLineAndKeepsTheWindowsOfTheRest() throws Exception {
        trades("");
        executor.executeDdl("SET 'error.handler' = 'skip'");
        try (QueryResult result = executor.executeStreamingSql(QUERY)) {
            assertEquals(reference, windows(result));
            result.awaitTermination();
            assertEquals(corrupt.size(), result.info().recordsSkipped());
        }
    }

    @Test
    public void byDefaultTheFirstCorruptLineFailsTheJobNamingItsLine() throws Exception {
        trades("");
        try (QueryResult result = executor.executeStreamingSql(QUERY)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> windows(result));
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = String.valueOf(result.failure().orElseThrow().getMessage()) + " / " + e;
            long first = corrupt.keySet().iterator().next();
            assertTrue(message, message.contains("line " + first + ":"));
            assertTrue(message, message.contains("trades.json"));
            assertTrue(message, message.contains("more than 'source.record.max-size' allows (" + MAX_LINE + ")"));
        }
    }

    @Test
    public void retryAloneDoesNotRetryARecordThatCannotDecode() throws Exception {
        trades(", 'error.handler' = 'retry', 'error.max-retries' = '5'");
        try (QueryResult result = executor.executeStreamingSql(QUERY)) {
            assertThrows(RuntimeException.class, () -> windows(result));
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
        }
    }

    @Test
    public void badErrorOptionsAreRefusedNamingTheKey() {
        trades(", 'error.handler' = 'skip, quarantine'");
        String unknown = assertThrows(RuntimeException.class, () -> executor.executeStreamingSql(QUERY))
                .getMessage();
        assertTrue(unknown, unknown.contains("'error.handler'") && unknown.contains("no error handler 'quarantine'"));
        assertTrue(unknown, unknown.contains("dead-letter") && unknown.contains("skip")); // the installed ones

        executor.executeDdl("DROP TABLE trades");
        trades(", 'error.handler' = 'dead-letter'");
        String target = assertThrows(RuntimeException.class, () -> executor.executeStreamingSql(QUERY))
                .getMessage();
        assertTrue(target, target.contains("'error.dead-letter.connector'") && target.contains("filesystem"));

        executor.executeDdl("DROP TABLE trades");
        trades(", 'error.handler' = 'retry', 'error.retry.dleay' = '1 s'");
        String key = assertThrows(RuntimeException.class, () -> executor.executeStreamingSql(QUERY))
                .getMessage();
        assertTrue(key, key.contains("error.retry.dleay"));
    }
}
