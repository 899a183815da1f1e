package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistryListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.FailHandlerFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.errors.deadletter.internal.DeadLetterHandlerFactory;
import io.sabot.errors.deadletter.internal.FileDeadLetterSinkFactory;
import io.sabot.errors.spi.ErrorType;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.metrics.spi.StandardMetric;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * NOT NULL columns of a sink table (Flink's {@code table.exec.sink.not-null-enforcer}): 10,000 rows copied from a
 * JSON file into the real filesystem sink (csv) whose {@code id} and {@code name} are {@code NOT NULL} and whose
 * {@code note} is nullable; one row in 97 has no name, one in 101 no id, every third no note. By default a null in a
 * NOT NULL column fails the job naming the table, the column and the row; {@code skip} and {@code dead-letter} set
 * the rows aside as VALIDATION failures and write every other row once; {@code DROP} drops them, counted as skipped.
 * Nulls in the nullable column never count. A NULL literal is refused at planning. Real filesystem, json, csv and
 * error-handler plug-ins.
 */
public class SinkNotNullTest {

    private static final int ROWS = 10_000;

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path output;
    private StreamingSqlExecutor executor;
    /** Every counter the jobs registered, by name (they are removed when a job ends; the objects stay readable). */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** The rows as the csv sink writes them ({@code id,name,note}, a null as nothing), by the input's line number. */
    private final Map<Integer, String> good = new TreeMap<>();

    private final Map<Integer, String> bad = new TreeMap<>();

    private void start(boolean withNulls) throws Exception {
        Path input = temp.newFolder("in").toPath().resolve("rows.json");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            boolean noName = withNulls && i % 97 == 5;
            boolean noId = withNulls && i % 101 == 9;
            String id = noId ? "null" : String.valueOf(i);
            String name = noName ? "null" : "\"n-" + i + "\"";
            String note = i % 3 == 0 ? "null" : "\"x" + i + "\"";
            lines.add("{\"id\":" + id + ",\"name\":" + name + ",\"note\":" + note + "}");
            (noName || noId ? bad : good)
                    .put(i, (noId ? "" : i) + "," + (noName ? "" : "n-" + i) + "," + (i % 3 == 0 ? "" : "x" + i));
        }
        Files.write(input, lines);
        output = temp.getRoot().toPath().resolve("out");
        executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new JsonFormatFactory(),
                        new CsvFormatFactory(),
                        new FailHandlerFactory(),
                        new SkipHandlerFactory(),
                        new DeadLetterHandlerFactory(),
                        new FileDeadLetterSinkFactory()))
                .build();
        executor.metricRegistry().addListener(new MetricRegistryListener.Base() {
            @Override
            public void onCounterAdded(String name, Counter counter) {
                counters.put(name, counter);
            }
        });
        executor.executeDdl("CREATE TABLE src (id BIGINT, name STRING, note STRING) WITH ('connector' ="
                + " 'filesystem', 'path' = '" + input + "', 'format' = 'json')");
    }

    @After
    public void tearDown() {
        if (executor != null) {
            executor.close();
        }
    }

    private void createSink(String options) {
        executor.executeDdl("CREATE TABLE copies (id BIGINT NOT NULL, name STRING NOT NULL, note STRING) WITH"
                + " ('connector' = 'filesystem', 'path' = '" + output + "', 'format' = 'csv'" + options + ")");
    }

    private QueryResult copy(String options) throws InterruptedException {
        createSink(options);
        QueryResult result = executor.executeStreamingSql("INSERT INTO copies SELECT id, name, note FROM src");
        result.awaitTermination();
        return result;
    }

    /** The committed output lines, sorted; fails on a line written twice. */
    private List<String> written() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(output)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                rows.addAll(Files.readAllLines(file));
            }
        }
        rows.sort(null);
        for (int i = 1; i < rows.size(); i++) {
            assertTrue("written twice: " + rows.get(i), !rows.get(i).equals(rows.get(i - 1)));
        }
        return rows;
    }

    private List<String> sorted(Map<Integer, String> rows) {
        List<String> list = new ArrayList<>(rows.values());
        list.sort(null);
        return list;
    }

    private long count(String name) {
        Counter counter = counters.get(name);
        if (counter == null) {
            throw new AssertionError("no counter " + name + " among " + new java.util.TreeSet<>(counters.keySet()));
        }
        return counter.getCount();
    }

    private long validationErrors() {
        return count("sabot.default.job-1." + StandardMetric.ERRORS_BY_TYPE.metricName(ErrorType.VALIDATION.name()));
    }

    @Test
    public void byDefaultANullInANotNullColumnFailsTheJobNamingTableColumnAndRow() throws Exception {
        start(true);
        try (QueryResult result = copy("")) {
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = result.failure().orElseThrow().getMessage();
            Matcher m = Pattern.compile(
                            "table 'default\\.copies': row \\{id=(\\w+), name=('n-\\d+'|NULL), note=[^}]*\\}"
                                    + " cannot be written: column '(\\w+)' is NOT NULL, however, a null value is being"
                                    + " written into it")
                    .matcher(message);
            assertTrue(message, m.find());
            // the row named is a bad one, and the column named is one of its nulls
            String column = m.group(3);
            assertTrue(
                    message,
                    column.equals("id") ? m.group(1).equals("NULL") : m.group(2).equals("NULL"));
            String row = (m.group(1).equals("NULL") ? "" : m.group(1)) + ","
                    + (m.group(2).equals("NULL") ? "" : m.group(2).replace("'", "")) + ",";
            assertTrue(message, bad.values().stream().anyMatch(b -> b.startsWith(row)));
            assertTrue(message, message.endsWith("[VALIDATION, severity LOW]"));
            assertTrue(message, message.contains("'table.exec.sink.not-null-enforcer' = 'DROP'"));
        }
        assertTrue(validationErrors() >= 1);
    }

    @Test
    public void skipWritesEveryOtherRowOnceAndCountsTheNullRowsAsValidationErrors() throws Exception {
        start(true);
        try (QueryResult result = copy(", 'error.handler' = 'skip'")) {
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(bad.size(), result.info().recordsSkipped());
            assertEquals(good.size(), result.info().rowsOut());
        }
        assertEquals(sorted(good), written());
        assertEquals(bad.size(), count("sabot.default.job-1.default_copies.records-skipped"));
        assertEquals(bad.size(), validationErrors());
        assertEquals(bad.size(), count("sabot.default.job-1.errors"));
    }

    @Test
    public void deadLetterKeepsEachNullRowWithTypeValidationAndWritesTheOthers() throws Exception {
        start(true);
        Path dlq = temp.getRoot().toPath().resolve("dlq");
        try (QueryResult result = copy(", 'error.handler' = 'dead-letter', 'error.dead-letter.connector' ="
                + " 'filesystem', 'error.dead-letter.path' = '" + dlq + "'")) {
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(bad.size(), result.info().recordsDeadLettered());
            assertEquals(0, result.info().recordsSkipped());
        }
        assertEquals(sorted(good), written());
        List<String> letters = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(dlq)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode letter = json.readTree(line);
                    assertEquals(line, "default.copies", letter.get("table").asText());
                    assertEquals(line, "VALIDATION", letter.get("error_type").asText());
                    assertEquals(line, "LOW", letter.get("severity").asText());
                    JsonNode row = letter.get("row");
                    String column = row.get("id").isNull() ? "id" : "name";
                    assertTrue(
                            line,
                            letter.get("message")
                                    .asText()
                                    .contains("column '" + column + "' is NOT NULL, however, a null value"));
                    letters.add(text(row.get("id")) + "," + text(row.get("name")) + "," + text(row.get("note")));
                }
            }
        }
        letters.sort(null);
        assertEquals(sorted(bad), letters);
        assertEquals(bad.size(), validationErrors());
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "" : value.asText();
    }

    @Test
    public void dropWritesEveryOtherRowAndCountsTheDroppedRowsAsSkipped() throws Exception {
        start(true);
        executor.executeDdl("SET 'table.exec.sink.not-null-enforcer' = 'drop'");
        try (QueryResult result = copy("")) {
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(bad.size(), result.info().recordsSkipped());
            assertEquals(good.size(), result.info().rowsOut());
        }
        assertEquals(sorted(good), written());
        assertEquals(bad.size(), count("sabot.default.job-1.records-skipped"));
        assertEquals("dropped rows are not handed to handlers", 0, validationErrors());
    }

    @Test
    public void rowsWithoutNullsInNotNullColumnsAreAllWrittenAndNothingIsCounted() throws Exception {
        start(false);
        try (QueryResult result = copy("")) {
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(0, result.info().recordsSkipped());
            assertEquals(ROWS, result.info().rowsOut());
        }
        assertEquals(sorted(good), written());
        assertEquals(ROWS, good.size());
        assertEquals(0, validationErrors());
    }

    @Test
    public void aNullLiteralIntoANotNullColumnIsRefusedAtPlanningWithItsPosition() throws Exception {
        start(false);
        createSink("");
        Exception e = assertThrows(
                Exception.class,
                () -> executor.executeStreamingSql(
                        "INSERT INTO copies\nSELECT id, CAST(NULL AS STRING), note FROM src"));
        String message = e.getMessage();
        assertTrue(message, message.contains("Column 'name' of table 'copies' is NOT NULL, however, a NULL literal"));
        assertTrue(message, message.contains("line 2, column 12"));
        // a nullable column takes a NULL literal
        try (QueryResult result = executor.executeStreamingSql("INSERT INTO copies SELECT id, name, NULL FROM src")) {
            result.awaitTermination();
            assertEquals(String.valueOf(result.failure()), JobInfo.State.FINISHED, result.status());
            assertEquals(ROWS, result.info().rowsOut());
        }
    }

    @Test
    public void anUnknownEnforcerIsRefusedNamingTheKeyAndTheValues() throws Exception {
        start(false);
        Exception e = assertThrows(
                Exception.class, () -> executor.executeDdl("SET 'table.exec.sink.not-null-enforcer' = 'IGNORE'"));
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .contains("Invalid value 'IGNORE' for 'table.exec.sink.not-null-enforcer': allowed values"
                                + " are 'ERROR' and 'DROP'"));
    }
}
