package io.sabot.runtime.examples;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.errors.deadletter.internal.DeadLetterHandlerFactory;
import io.sabot.errors.deadletter.internal.LogDeadLetterSinkFactory;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.runtime.internal.results.ResultRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;

/** The scripts in {@code examples/sql} run and give sound results. */
public class ExamplesTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("sabot.examples", "../../examples/sql"));

    private static ResultRows run(String example, Map<String, String> variables, int parallelism) throws Exception {
        String script = Files.readString(EXAMPLES.resolve(example));
        ResultRows rows = new ResultRows();
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new DatagenSourceFactory(),
                        new NexmarkSourceFactory(),
                        new DeadLetterHandlerFactory(),
                        new LogDeadLetterSinkFactory(),
                        new io.sabot.errors.deadletter.internal.FileDeadLetterSinkFactory(),
                        new io.sabot.connector.filesystem.internal.FileSystemTableFactory(),
                        new io.sabot.format.csv.internal.CsvFormatFactory(),
                        new io.sabot.format.json.internal.JsonFormatFactory(),
                        new io.sabot.format.raw.internal.RawFormatFactory(),
                        new io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory()))
                .build()) {
            executor.executeScript(script, variables, new StreamingSqlExecutor.ScriptListener() {
                @Override
                public void onMessage(String text) {}

                @Override
                public void onQuery(String sql, QueryResult result) throws InterruptedException {
                    for (VectorSchemaRoot batch : result) {
                        rows.add(batch);
                    }
                    result.awaitTermination(); // an INSERT has no rows to read: its output is committed at its end
                }
            });
        }
        return rows;
    }

    /** replay_dead_letters.sql writes the original lines of default.trades' dead letters back, as they were. */
    @Test
    public void replayDeadLettersWritesTheOriginalLinesBack() throws Exception {
        Path dir = Files.createTempDirectory("sabot-replay");
        Path dlq = Files.createDirectories(dir.resolve("dlq"));
        Files.write(
                dlq.resolve("dead-letters-0.jsonl"),
                List.of(
                        "{\"table\":\"default.trades\",\"split\":\"trades.json\",\"position\":\"line 3\","
                                + "\"original\":\"{\\\"symbol\\\":\\\"A\\\",\\\"volume\\\":\\\"many\\\"}\"}",
                        "{\"table\":\"default.trades\",\"split\":\"trades.json\",\"position\":\"line 9\","
                                + "\"original_base64\":\"/w==\"}",
                        "{\"table\":\"default.quotes\",\"split\":\"quotes.json\",\"position\":\"line 1\","
                                + "\"original\":\"not json\"}"));
        Path out = dir.resolve("out");
        run("replay_dead_letters.sql", Map.of("DLQ", dlq.toString(), "OUT", out.toString()), 1);
        List<String> lines = new java.util.ArrayList<>();
        try (var files = Files.list(out)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        assertEquals(List.of("{\"symbol\":\"A\",\"volume\":\"many\"}"), lines);
    }

    @Test
    public void tradesPerHourCountsEveryTradeOnceAtAnyParallelism() throws Exception {
        ResultRows p1 = run("trades_per_hour.sql", Map.of("ROWS", "20000"), 1);
        assertEquals(List.of("symbol", "window_start", "trades", "volume", "avg_price"), p1.columns());
        long trades = 0;
        for (List<String> row : p1.rows()) {
            trades += Long.parseLong(row.get(2));
            assertTrue(row.toString(), row.get(1).endsWith(":00:00.000"));
        }
        assertEquals(20000, trades);
        ResultRows p2 = run("trades_per_hour.sql", Map.of("ROWS", "20000"), 2);
        // Averages of doubles may differ in the last digits when added in another order.
        assertEquals(rounded(p1), rounded(p2));
    }

    private static Set<List<String>> rounded(ResultRows rows) {
        Set<List<String>> out = new HashSet<>();
        for (List<String> row : rows.rows()) {
            List<String> copy = new java.util.ArrayList<>(row);
            copy.set(4, String.format(java.util.Locale.ROOT, "%.6f", Double.parseDouble(row.get(4))));
            out.add(copy);
        }
        return out;
    }

    @Test
    public void lookupJoinEnrichesEveryOrderWithItsProductAtParallelismOneAndTwo() throws Exception {
        Map<Long, List<String>> products = new HashMap<>();
        for (String line : Files.readAllLines(EXAMPLES.resolve("products.csv"))) {
            String[] fields = line.split(",");
            products.put(Long.parseLong(fields[0]), List.of(fields[1], fields[2]));
        }
        Map<String, String> variables = Map.of(
                "ORDERS", "1000", "PRODUCTS", EXAMPLES.resolve("products.csv").toString());
        for (int parallelism = 1; parallelism <= 2; parallelism++) {
            ResultRows rows = run("lookup_join.sql", variables, parallelism);
            assertEquals(List.of("order_id", "product_id", "name", "category", "amount"), rows.columns());
            Set<Long> orders = new HashSet<>();
            for (List<String> row : rows.rows()) {
                long order = Long.parseLong(row.get(0));
                assertTrue("order " + order + " once", orders.add(order));
                List<String> product = products.get(order % 10);
                if (product == null) {
                    assertEquals(row.toString(), java.util.Arrays.asList(null, null), row.subList(2, 4));
                } else {
                    assertEquals(row.toString(), product, row.subList(2, 4));
                }
            }
            assertEquals(1000, orders.size());
        }
    }

    /**
     * The auctions LEFT JOIN their bid counts on rocksdb: every auction once, the final table equal to the heap run's,
     * and bids counted for some auctions.
     */
    @Test
    public void auctionBidsOnRocksdbEqualsTheHeap() throws Exception {
        ResultRows rocksdb = run("auction_bids_rocksdb.sql", Map.of("EVENTS", "20000"), 2);
        ResultRows memory = run("auction_bids_rocksdb.sql", Map.of("EVENTS", "20000", "BACKEND", "memory"), 1);
        assertEquals(List.of("id", "seller", "category", "bids", "top_price"), rocksdb.columns());
        Set<String> auctions = new HashSet<>();
        long withBids = 0;
        for (List<String> row : rocksdb.rows()) {
            assertTrue("auction " + row.get(0) + " once", auctions.add(row.get(0)));
            if (row.get(3) != null) {
                withBids++;
            }
        }
        assertTrue("auctions with bids: " + withBids, withBids > 10);
        assertEquals(new HashSet<>(memory.rows()), new HashSet<>(rocksdb.rows()));
        assertEquals(memory.rows().size(), rocksdb.rows().size());
    }

    @Test
    public void hotItemsNamesTheTopAuctionOfEveryWindow() throws Exception {
        ResultRows rows = run("hot_items.sql", Map.of("EVENTS", "20000"), 1);
        assertFalse(rows.rows().isEmpty());
        Map<String, Long> best = new HashMap<>();
        Set<String> windows = new HashSet<>();
        for (List<String> row : rows.rows()) {
            String window = row.get(2) + "/" + row.get(3);
            windows.add(window);
            best.merge(window, Long.parseLong(row.get(1)), Math::max);
        }
        for (List<String> row : rows.rows()) {
            assertEquals(row.toString(), best.get(row.get(2) + "/" + row.get(3)), Long.valueOf(row.get(1)));
        }
        assertTrue("windows: " + windows.size(), windows.size() > 5);
    }

    @Test
    public void badRowsToLogGivesEveryGoodRowOnceAndSetsTheBadOnesAside() throws Exception {
        ResultRows rows = run("bad_rows_to_log.sql", Map.of("ROWS", "5000"), 2);
        assertEquals(List.of("id", "doubled"), rows.columns());
        Set<Long> ids = new HashSet<>();
        for (List<String> row : rows.rows()) {
            long id = Long.parseLong(row.get(0));
            assertTrue("a bad row came out: " + row, id % 100 != 7);
            assertTrue("twice: " + row, ids.add(id));
            assertEquals(0, Long.parseLong(row.get(1)) % 2);
        }
        assertEquals(5000 - 50, ids.size());
    }

    /** not_null_sink.sql writes every order with a customer once and dead-letters each one without, as VALIDATION. */
    @Test
    public void notNullSinkWritesTheOrdersWithACustomerAndDeadLettersTheOthers() throws Exception {
        Path root = Files.createTempDirectory("not-null-example");
        Path out = root.resolve("out");
        Path dlq = root.resolve("dlq");
        run("not_null_sink.sql", Map.of("ROWS", "5000", "OUT", out.toString(), "DLQ", dlq.toString()), 2);
        Set<Long> written = new HashSet<>();
        try (var files = Files.list(out)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] fields = line.split(",", -1);
                    long id = Long.parseLong(fields[0]);
                    assertEquals(line, "c-" + id % 7, fields[1]);
                    assertTrue("twice: " + line, written.add(id));
                }
            }
        }
        Set<Long> deadLettered = new HashSet<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (var files = Files.list(dlq)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    var letter = json.readTree(line);
                    assertEquals(line, "VALIDATION", letter.get("error_type").asText());
                    assertTrue(line, letter.get("row").get("customer").isNull());
                    assertTrue(
                            "twice: " + line,
                            deadLettered.add(letter.get("row").get("id").asLong()));
                }
            }
        }
        for (long id = 1; id <= 5000; id++) {
            assertTrue("order " + id, (id % 50 == 3 ? deadLettered : written).contains(id));
        }
        assertEquals(5000, written.size() + deadLettered.size());
    }
}
