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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Expression errors through SQL: 3 JSON files of 1,000 orders whose quantity is a string, one in 13 of them not a
 * number, read by a query that casts it. With {@code 'error.handler' = 'dead-letter'} into a filesystem target the
 * query gives exactly the rows of the good orders (a reference computed here) and the target holds exactly the bad
 * ones, with their values, the expression and where they failed; {@code skip} counts them; by default the job fails
 * naming the table, the expression and the row. At parallelism 1 and 2. Real filesystem, json and error-handler
 * plug-ins.
 */
public class ExpressionErrorsSqlTest {

    private static final int ORDERS = 3_000;
    private static final String QUERY = "SELECT id, CAST(qty AS INT) * 2 AS q2 FROM orders WHERE id % 5 <> 4";

    private Path dir;
    private Path input;
    /** id -> quantity, of the orders the query fails on (bad quantity, not filtered out). */
    private final Map<Long, String> failing = new TreeMap<>();
    /** id -> q2, of the rows the query gives. */
    private final Map<Long, Integer> reference = new TreeMap<>();

    private StreamingSqlExecutor executor;

    private static String qty(long id) {
        if (id % 13 == 6) {
            return List.of("abc", "1.5.2", "", "12 apples").get((int) (id / 13 % 4));
        }
        return Long.toString(id % 97);
    }

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("sabot-expression-errors");
        input = Files.createDirectories(dir.resolve("orders"));
        for (int file = 0; file < 3; file++) {
            List<String> lines = new ArrayList<>();
            for (long id = file * 1000L; id < (file + 1) * 1000L; id++) {
                String qty = qty(id);
                lines.add("{\"id\":" + id + ",\"qty\":\"" + qty + "\"}");
                if (id % 5 == 4) {
                    continue;
                }
                if (id % 13 == 6) {
                    failing.put(id, qty);
                } else {
                    reference.put(id, Integer.parseInt(qty) * 2);
                }
            }
            Files.write(input.resolve("orders-" + file + ".json"), lines);
        }
    }

    private void start(int parallelism) {
        executor = StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new JsonFormatFactory(),
                        new FailHandlerFactory(),
                        new SkipHandlerFactory(),
                        new RetryHandlerFactory(),
                        new DeadLetterHandlerFactory(),
                        new FileDeadLetterSinkFactory()))
                .build();
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

    private void orders(String errorOptions) {
        executor.executeDdl("CREATE TABLE orders (id BIGINT, qty STRING) WITH ('connector' = 'filesystem', 'path' = '"
                + input + "', 'format' = 'json'" + errorOptions + ")");
    }

    /** The query's rows, id -> q2; fails on a duplicate id. */
    private static Map<Long, Integer> rows(QueryResult result) {
        Map<Long, Integer> rows = new TreeMap<>();
        for (VectorSchemaRoot batch : result) {
            var id = (BigIntVector) batch.getVector("id");
            var q2 = (IntVector) batch.getVector("q2");
            for (int i = 0; i < batch.getRowCount(); i++) {
                Integer before = rows.put(id.get(i), q2.get(i));
                assertEquals("row " + id.get(i) + " twice", null, before);
            }
        }
        return rows;
    }

    @Test
    public void deadLetterKeepsExactlyTheRowsACastFailsOnAtParallelismOneAndTwo() throws Exception {
        for (int p = 1; p <= 2; p++) {
            start(p);
            Path dlq = dir.resolve("dlq-" + p);
            orders(", 'error.handler' = 'dead-letter', 'error.dead-letter.connector' = 'filesystem',"
                    + " 'error.dead-letter.path' = '" + dlq + "'");
            try (QueryResult result = executor.executeStreamingSql(QUERY)) {
                assertEquals("parallelism " + p, reference, rows(result));
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
                assertEquals(failing.size(), result.info().recordsDeadLettered());
                assertEquals(0, result.info().recordsSkipped());
            }
            Map<Long, String> letters = new TreeMap<>();
            ObjectMapper json = new ObjectMapper();
            try (Stream<Path> files = Files.list(dlq)) {
                for (Path file : files.toList()) {
                    for (String line : Files.readAllLines(file)) {
                        JsonNode letter = json.readTree(line);
                        assertEquals(line, "default.orders", letter.get("table").asText());
                        assertEquals(line, "OPERATOR", letter.get("error_type").asText());
                        assertTrue(line, letter.get("operator").asText().endsWith("-calc"));
                        assertTrue(line, letter.get("subtask").asInt() < p);
                        long id = letter.get("row").get("id").asLong();
                        String qty = letter.get("row").get("qty").asText();
                        String message = letter.get("message").asText();
                        assertTrue(message, message.startsWith("table 'default.orders', operator "));
                        assertTrue(message, message.contains("CAST(qty AS INTEGER)"));
                        assertTrue(
                                message,
                                message.contains("failed on row {id=" + id + ", qty='" + qty + "'}: cannot cast '" + qty
                                        + "' of type STRING to INTEGER"));
                        assertEquals(line, null, letters.put(id, qty));
                    }
                }
            }
            assertEquals("parallelism " + p, failing, letters);
            executor.close();
            executor = null;
        }
    }

    @Test
    public void skipSetForTheJobCountsTheRowsAndGivesTheOthers() throws Exception {
        for (int p = 1; p <= 2; p++) {
            start(p);
            orders("");
            executor.executeDdl("SET 'error.handler' = 'skip'");
            try (QueryResult result = executor.executeStreamingSql(QUERY)) {
                assertEquals(reference, rows(result));
                result.awaitTermination();
                assertEquals(failing.size(), result.info().recordsSkipped());
            }
            executor.close();
            executor = null;
        }
    }

    @Test
    public void byDefaultTheFirstFailingRowFailsTheJobNamingTableExpressionAndRow() throws Exception {
        start(1);
        orders("");
        try (QueryResult result = executor.executeStreamingSql(QUERY)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> rows(result));
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = String.valueOf(result.failure().orElseThrow().getMessage()) + " / " + e;
            assertTrue(message, message.contains("table 'default.orders', operator "));
            assertTrue(message, message.contains("CAST(qty AS INTEGER)"));
            assertTrue(message, message.contains("cannot cast '"));
            assertTrue(message, message.matches("(?s).*failed on row \\{id=\\d+, qty='[^']*'\\}.*"));
        }
    }

    @Test
    public void retryAloneDoesNotRetryAnExpressionError() throws Exception {
        start(1);
        orders(", 'error.handler' = 'retry'");
        try (QueryResult result = executor.executeStreamingSql(QUERY)) {
            assertThrows(RuntimeException.class, () -> rows(result));
            result.awaitTermination();
            assertEquals(JobInfo.State.FAILED, result.status());
            String message = String.valueOf(result.failure().orElseThrow().getMessage());
            assertTrue(message, message.contains("CAST(qty AS INTEGER)"));
            assertTrue(message, message.contains("error handling decided FAIL"));
        }
    }
}
