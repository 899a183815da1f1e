package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistryListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.FailHandlerFactory;
import io.sabot.errors.basic.internal.RetryHandlerFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.errors.deadletter.internal.DeadLetterHandlerFactory;
import io.sabot.errors.deadletter.internal.FileDeadLetterSinkFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Rows a sink's format cannot encode: 10,000 rows copied from a JSON file into the real filesystem sink with the
 * {@code csv} format, quoting disabled and no escape character, so that a name holding the delimiter cannot be
 * written (one row in 97). By default the job fails naming the table, the row's values and why; {@code skip} writes
 * every other row once and counts the bad ones; {@code dead-letter} writes every other row once and puts each bad row
 * once into a filesystem target with its values and type CONNECTOR, also when a retried write encodes the batch
 * again. Real filesystem, json, csv and error-handler plug-ins.
 */
public class SinkEncodeFailuresTest {

    private static final int ROWS = 10_000;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path output;
    private StreamingSqlExecutor executor;
    /** Every counter the jobs registered, by name (they are removed when a job ends; the objects stay readable). */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** id -> name of the rows the sink can write, and of those it cannot. */
    private final Map<Long, String> good = new TreeMap<>();

    private final Map<Long, String> bad = new TreeMap<>();

    @Before
    public void setUp() throws Exception {
        Path input = temp.newFolder("in").toPath().resolve("rows.json");
        List<String> lines = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            String name = i % 97 == 5 ? "n," + i : "n-" + i;
            lines.add("{\"id\":" + i + ",\"name\":\"" + name + "\"}");
            (i % 97 == 5 ? bad : good).put(i, name);
        }
        Files.write(input, lines);
        output = temp.getRoot().toPath().resolve("out");
        executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new FlakySinkFactory(),
                        new JsonFormatFactory(),
                        new CsvFormatFactory(),
                        new FailHandlerFactory(),
                        new SkipHandlerFactory(),
                        new RetryHandlerFactory(),
                        new DeadLetterHandlerFactory(),
                        new FileDeadLetterSinkFactory()))
                .build();
        executor.metricRegistry().addListener(new MetricRegistryListener.Base() {
            @Override
            public void onCounterAdded(String name, Counter counter) {
                counters.put(name, counter);
            }
        });
        executor.executeDdl("CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '"
                + input + "', 'format' = 'json')");
    }

    @After
    public void tearDown() {
        executor.close();
    }

    private QueryResult copy(String connector, String options) throws InterruptedException {
        executor.executeDdl("CREATE TABLE copies (id BIGINT, name STRING) WITH ('connector' = '" + connector
                + "', 'path' = '" + output + "', 'format' = 'csv', 'csv.disable-quote-character' = 'true'" + options
                + ")");
        QueryResult result = executor.executeStreamingSql("INSERT INTO copies SELECT id, name FROM src");
        result.awaitTermination();
        return result;
    }

    /** The committed output, id -> name; fails on a row written twice. */
    private Map<Long, String> written() throws Exception {
        Map<Long, String> rows = new TreeMap<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    int comma = line.indexOf(',');
                    String before = rows.put(Long.parseLong(line.substring(0, comma)), line.substring(comma + 1));
                    assertEquals("written twice: " + line, null, before);
                }
            }
        }
        return rows;
    }

    /** The dead letters in {@code dlq}, id -> name of their rows; fails on a row dead-lettered twice. */
    private static Map<Long, String> deadLetters(Path dlq) throws Exception {
        Map<Long, String> rows = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dlq)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode letter = json.readTree(line);
                    assertEquals(line, "default.copies", letter.get("table").asText());
                    assertEquals(line, "CONNECTOR", letter.get("error_type").asText());
                    assertTrue(line, letter.get("operator").asText().contains("sink"));
                    String message = letter.get("message").asText();
                    assertTrue(line, message.startsWith("table 'default.copies': row {id="));
                    assertTrue(line, message.contains("column 'name': the value contains the field delimiter"));
                    JsonNode row = letter.get("row");
                    String before =
                            rows.put(row.get("id").asLong(), row.get("name").asText());
                    assertEquals("dead-lettered twice: " + line, null, before);
                }
            }
        }
        return rows;
    }

    private long count(String name) {
        Counter counter = counters.get(name);
        if (counter == null) {
            throw new AssertionError("no counter " + name + " among " + new java.util.TreeSet<>(counters.keySet()));
        }
        return counter.getCount();
    }

    @Test
    public void byDefaultARowTheFormatCannotEncodeFailsTheJobNamingTableRowAndCause() throws Exception {
        try (QueryResult result = copy("filesystem", "")) {
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage();
            assertTrue(message, message.startsWith("table 'default.copies': row {id="));
            long id = Long.parseLong(message.substring(message.indexOf("{id=") + 4, message.indexOf(',')));
            assertTrue(message, bad.containsKey(id));
            assertTrue(
                    message,
                    message.contains("name='n," + id + "'} cannot be written: column 'name': the value"
                            + " contains the field delimiter or a line break, and quoting is disabled"));
        }
    }

    @Test
    public void skipWritesEveryOtherRowOnceAndCountsTheRowsItSkips() throws Exception {
        try (QueryResult result = copy("filesystem", ", 'error.handler' = 'skip'")) {
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(bad.size(), result.info().recordsSkipped());
            assertEquals(good.size(), result.info().rowsOut());
        }
        assertEquals(good, written());
        assertEquals(bad.size(), count("sabot.default.job-1.default_copies.records-skipped"));
        assertEquals(bad.size(), count("sabot.default.job-1.records-skipped"));
        assertEquals(0, count("sabot.default.job-1.default_copies.records-dead-lettered"));
        assertEquals(
                "the source table has no handler: no table counters",
                null,
                counters.get("sabot.default.job-1.default_src.records-skipped"));
    }

    @Test
    public void deadLetterWritesEveryOtherRowOnceAndKeepsEachBadRowWithItsValues() throws Exception {
        Path dlq = temp.getRoot().toPath().resolve("dlq");
        try (QueryResult result = copy(
                "filesystem",
                ", 'error.handler' = 'dead-letter', 'error.dead-letter.connector' = 'filesystem',"
                        + " 'error.dead-letter.path' = '" + dlq + "'")) {
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(bad.size(), result.info().recordsDeadLettered());
            assertEquals(0, result.info().recordsSkipped());
        }
        assertEquals(good, written());
        assertEquals(bad, deadLetters(dlq));
        assertEquals(bad.size(), count("sabot.default.job-1.default_copies.records-dead-lettered"));
        assertEquals(bad.size(), count("sabot.default.job-1.records-dead-lettered"));
        assertEquals(0, count("sabot.default.job-1.default_copies.records-skipped"));
    }

    @Test
    public void aRetriedWriteThatEncodesTheBatchAgainDeadLettersEachBadRowOnce() throws Exception {
        // the first two write attempts encode their batch, report its bad rows, then fail retriably
        FlakySinkFactory.Script script =
                FlakySinkFactory.script("encode-then-fail", new FlakySinkFactory.Script(attempt -> attempt <= 2, true));
        script.encodeFirst = true;
        Path dlq = temp.getRoot().toPath().resolve("dlq-retried");
        try (QueryResult result = copy(
                FlakySinkFactory.IDENTIFIER,
                ", 'script' = 'encode-then-fail', 'error.handler' = 'retry, dead-letter', 'error.retry.delay' ="
                        + " '10 ms', 'error.dead-letter.connector' = 'filesystem', 'error.dead-letter.path' = '" + dlq
                        + "'")) {
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(List.of(1, 2), script.failed);
            assertEquals(2, result.info().retries());
            assertEquals(bad.size(), result.info().recordsDeadLettered());
        }
        assertEquals(good, written());
        assertEquals(bad, deadLetters(dlq));
    }
}
