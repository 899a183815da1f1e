package io.sabot.runtime.lookup;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Gauge;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.sql.SqlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Lookup joins through SQL, end to end: a stream of 3,000 orders (JSON files) joined FOR SYSTEM_TIME AS OF its
 * processing time with a product table in a CSV file (filesystem connector, full cache), at parallelism 1 and 2. The
 * expected rows are computed here from the generated data, with Flink's semantics: each order joined with every
 * product row of its id, NULL ids matching nothing, LEFT rows without a match padded with NULLs, the ON clause's
 * extra condition deciding which product rows match. A reload test changes the product file while the job runs and
 * sees orders processed after the cache reloaded get the new rows. Real filesystem, csv, json and datagen plug-ins.
 */
public class LookupJoinSqlTest {

    private static final int ORDERS = 3_000;
    private static final String[] CATEGORIES = {"toys", "books", "food"};

    private Path dir;
    private Path ordersDir;
    private Path productsFile;
    /** product id -> its rows (name, category), as the CSV file holds them. */
    private final Map<Long, List<String[]>> products = new HashMap<>();

    private StreamingSqlExecutor executor;

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("sabot-lookup-join");
        ordersDir = Files.createDirectories(dir.resolve("orders"));
        for (int file = 0; file < 3; file++) {
            List<String> lines = new ArrayList<>();
            for (long id = file * 1000L; id < (file + 1) * 1000L; id++) {
                lines.add("{\"order_id\":" + id + ",\"product_id\":" + (productOf(id) == null ? "null" : productOf(id))
                        + ",\"amount\":" + amountOf(id) + "}");
            }
            Files.write(ordersDir.resolve("orders-" + file + ".json"), lines);
        }
        productsFile = dir.resolve("products").resolve("products.csv");
        Files.createDirectories(productsFile.getParent());
        List<String> lines = new ArrayList<>();
        for (long pid = 0; pid < 60; pid++) {
            if (pid % 10 == 9) {
                continue; // orders of these products find none
            }
            addProduct(lines, pid, "p" + pid, CATEGORIES[(int) (pid % 3)]);
            if (pid % 20 == 0) {
                addProduct(lines, pid, "p" + pid + "-b", "toys"); // two rows for one key
            }
        }
        lines.add(",ghost,toys"); // a NULL key: matches nothing, not even orders without a product
        Files.write(productsFile, lines);
    }

    private void addProduct(List<String> lines, long pid, String name, String category) {
        lines.add(pid + "," + name + "," + category);
        products.computeIfAbsent(pid, k -> new ArrayList<>()).add(new String[] {name, category});
    }

    private static Long productOf(long orderId) {
        return orderId % 50 == 0 ? null : orderId % 67;
    }

    private static double amountOf(long orderId) {
        return orderId * 0.5;
    }

    private void start(int parallelism) {
        executor = StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new JsonFormatFactory(),
                        new DatagenSourceFactory()))
                .build();
    }

    private void tables(String ordersOptions, String productsOptions) {
        executor.executeDdl("CREATE TABLE orders (order_id BIGINT, product_id BIGINT, amount DOUBLE,"
                + " proc_time AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '" + ordersDir
                + "', 'format' = 'json'" + ordersOptions + ")");
        executor.executeDdl("CREATE TABLE products (product_id BIGINT, name STRING, category STRING,"
                + " PRIMARY KEY (product_id) NOT ENFORCED) WITH ('connector' = 'filesystem', 'path' = '"
                + productsFile.getParent() + "', 'format' = 'csv', 'lookup.cache' = 'FULL'" + productsOptions + ")");
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

    /** Result rows as "order_id|name|category|amount" with their multiplicity. */
    private static Map<String, Integer> rows(Iterator<VectorSchemaRoot> batches, int limit) {
        Map<String, Integer> rows = new TreeMap<>();
        int count = 0;
        while (count < limit && batches.hasNext()) {
            VectorSchemaRoot batch = batches.next();
            for (int i = 0; i < batch.getRowCount(); i++) {
                List<String> values = new ArrayList<>();
                for (FieldVector v : batch.getFieldVectors()) {
                    values.add(String.valueOf(v.getObject(i)));
                }
                rows.merge(String.join("|", values), 1, Integer::sum);
                count++;
            }
        }
        return rows;
    }

    private static void add(Map<String, Integer> rows, long id, String name, String category) {
        rows.merge(id + "|" + name + "|" + category + "|" + amountOf(id), 1, Integer::sum);
    }

    /** Flink's lookup join of the orders with {@link #products}: every matching row, LEFT padding, extra condition. */
    private Map<String, Integer> reference(boolean leftJoin, String excludedCategory) {
        Map<String, Integer> rows = new TreeMap<>();
        for (long id = 0; id < ORDERS; id++) {
            Long pid = productOf(id);
            int matched = 0;
            for (String[] product : pid == null ? List.<String[]>of() : products.getOrDefault(pid, List.of())) {
                if (!product[1].equals(excludedCategory)) {
                    add(rows, id, product[0], product[1]);
                    matched++;
                }
            }
            if (matched == 0 && leftJoin) {
                add(rows, id, null, null);
            }
        }
        return rows;
    }

    private Map<String, Integer> run(String sql) throws Exception {
        try (QueryResult result = executor.executeStreamingSql(sql)) {
            Map<String, Integer> rows = rows(result.iterator(), Integer.MAX_VALUE);
            result.awaitTermination();
            assertEquals(
                    "query " + result.failure().map(Throwable::toString).orElse(""),
                    JobInfo.State.FINISHED,
                    result.status());
            return rows;
        }
    }

    @Test
    public void innerLookupJoinGivesFlinksRowsAtParallelismOneAndTwo() throws Exception {
        Map<String, Integer> expected = reference(false, null);
        assertTrue("the data has multiple matches", expected.size() > 2_000);
        for (int parallelism : new int[] {1, 2}) {
            start(parallelism);
            tables("", "");
            assertEquals(
                    "parallelism " + parallelism,
                    expected,
                    run("SELECT o.order_id, p.name, p.category, o.amount FROM orders AS o"
                            + " JOIN products FOR SYSTEM_TIME AS OF o.proc_time AS p"
                            + " ON o.product_id = p.product_id"));
            executor.close();
            executor = null;
        }
    }

    @Test
    public void leftLookupJoinWithAnExtraConditionPadsOrdersWithoutAMatchingRow() throws Exception {
        Map<String, Integer> expected = reference(true, "food");
        for (int parallelism : new int[] {1, 2}) {
            start(parallelism);
            tables("", "");
            assertEquals(
                    "parallelism " + parallelism,
                    expected,
                    run("SELECT o.order_id, p.name, p.category, o.amount FROM orders AS o"
                            + " LEFT JOIN products FOR SYSTEM_TIME AS OF o.proc_time AS p"
                            + " ON o.product_id = p.product_id AND p.category <> 'food'"));
            executor.close();
            executor = null;
        }
    }

    @Test
    public void aDatagenStreamJoinsTheProductsToo() throws Exception {
        start(2);
        tables("", "");
        executor.executeDdl("CREATE TABLE gen (order_id BIGINT, proc_time AS PROCTIME()) WITH ('connector' ="
                + " 'datagen', 'number-of-rows' = '500', 'fields.order_id.kind' = 'sequence',"
                + " 'fields.order_id.start' = '0', 'fields.order_id.end' = '499')");
        Map<String, Integer> expected = new TreeMap<>();
        for (long id = 0; id < 500; id++) {
            for (String[] product : products.getOrDefault(id % 60, List.of())) {
                expected.merge(id + "|" + product[0], 1, Integer::sum);
            }
        }
        assertEquals(
                expected,
                run("SELECT g.order_id, p.name FROM gen AS g JOIN products FOR SYSTEM_TIME AS OF g.proc_time AS p"
                        + " ON MOD(g.order_id, 60) = p.product_id"));
    }

    /**
     * The product file changes while the job runs: orders read after the full cache reloaded are joined with the new
     * rows. The orders directory is monitored; the second file is dropped in only once the cache has loaded twice
     * after the change, so no timing decides the outcome.
     */
    @Test
    public void rowsChangedInTheFileAreSeenAfterTheReload() throws Exception {
        start(1);
        Path live = Files.createDirectories(dir.resolve("live"));
        Files.write(live.resolve("a.json"), List.of("{\"order_id\":1,\"product_id\":1,\"amount\":1.0}"));
        executor.executeDdl("CREATE TABLE live_orders (order_id BIGINT, product_id BIGINT, amount DOUBLE,"
                + " proc_time AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '" + live
                + "', 'format' = 'json', 'source.monitor-interval' = '100 ms')");
        executor.executeDdl("CREATE TABLE products (product_id BIGINT, name STRING, category STRING)"
                + " WITH ('connector' = 'filesystem', 'path' = '" + productsFile + "', 'format' = 'csv',"
                + " 'lookup.cache' = 'FULL', 'lookup.full-cache.reload-interval' = '100 ms')");
        try (QueryResult result = executor.executeStreamingSql("SELECT s.order_id, p.name FROM live_orders AS s"
                + " JOIN products FOR SYSTEM_TIME AS OF s.proc_time AS p ON s.product_id = p.product_id")) {
            Iterator<VectorSchemaRoot> batches = result.iterator();
            assertEquals(Map.of("1|p1", 1), rows(batches, 1));

            Path next = productsFile.resolveSibling("products.next");
            Files.write(next, List.of("1,renamed,toys", "2,new,food"));
            Files.move(next, productsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            long loads = loads();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (loads() < loads + 2) {
                assertTrue("the cache did not reload within 60 s", System.nanoTime() < deadline);
                Thread.sleep(20);
            }
            Files.write(
                    live.resolve("b.json"),
                    List.of(
                            "{\"order_id\":2,\"product_id\":1,\"amount\":2.0}",
                            "{\"order_id\":3,\"product_id\":2,\"amount\":3.0}"));
            assertEquals(Map.of("2|renamed", 1, "3|new", 1), rows(batches, 2));
            result.cancel();
        }
    }

    /** The full cache's completed loads, as its {@code lookup-cache-loads} gauge shows them. */
    private long loads() {
        return gauge("lookup-cache-loads");
    }

    private long gauge(String metric) {
        long value = 0;
        for (var e : executor.metricRegistry().getGauges().entrySet()) {
            if (e.getKey().endsWith("." + metric)) {
                value = Math.max(value, ((Number) ((Gauge<?>) e.getValue()).getValue()).longValue());
            }
        }
        return value;
    }

    private void awaitGauge(String metric, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (gauge(metric) < atLeast) {
            assertTrue(metric + " did not reach " + atLeast + " within 60 s", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }

    private void replace(Path file, List<String> lines) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.write(next, lines);
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A product file that no longer decodes fails the reload (counted), and lookups go on with the rows of the last
     * good load; once the file is fixed, the next reload brings its rows.
     */
    @Test
    public void aReloadThatFailsKeepsThePreviousRows() throws Exception {
        start(1);
        Path live = Files.createDirectories(dir.resolve("live"));
        Files.write(live.resolve("a.json"), List.of("{\"order_id\":1,\"product_id\":1,\"amount\":1.0}"));
        executor.executeDdl("CREATE TABLE live_orders (order_id BIGINT, product_id BIGINT, amount DOUBLE,"
                + " proc_time AS PROCTIME()) WITH ('connector' = 'filesystem', 'path' = '" + live
                + "', 'format' = 'json', 'source.monitor-interval' = '100 ms')");
        executor.executeDdl("CREATE TABLE products (product_id BIGINT, name STRING, category STRING)"
                + " WITH ('connector' = 'filesystem', 'path' = '" + productsFile + "', 'format' = 'csv',"
                + " 'lookup.full-cache.reload-interval' = '100 ms')");
        try (QueryResult result = executor.executeStreamingSql("SELECT s.order_id, p.name FROM live_orders AS s"
                + " LEFT JOIN products FOR SYSTEM_TIME AS OF s.proc_time AS p ON s.product_id = p.product_id")) {
            Iterator<VectorSchemaRoot> batches = result.iterator();
            assertEquals(Map.of("1|p1", 1), rows(batches, 1));

            replace(productsFile, List.of("1,broken,toys", "one,bad,food"));
            awaitGauge("lookup-cache-load-failures", 2);
            Files.write(live.resolve("b.json"), List.of("{\"order_id\":2,\"product_id\":1,\"amount\":2.0}"));
            assertEquals("the rows of the last good load", Map.of("2|p1", 1), rows(batches, 1));

            replace(productsFile, List.of("1,fixed,toys"));
            awaitGauge("lookup-cache-loads", loads() + 2);
            Files.write(live.resolve("c.json"), List.of("{\"order_id\":3,\"product_id\":1,\"amount\":3.0}"));
            assertEquals(Map.of("3|fixed", 1), rows(batches, 1));
            assertEquals(JobInfo.State.RUNNING, result.status());
            result.cancel();
        }
    }

    @Test
    public void aTableWhoseConnectorCannotLookUpIsRefusedNamingTableAndConnector() {
        start(1);
        tables("", "");
        executor.executeDdl("CREATE TABLE gen (id BIGINT, name STRING) WITH ('connector' = 'datagen')");
        SqlException e = assertThrows(
                SqlException.class,
                () -> executor.executeStreamingSql("SELECT o.order_id, g.name FROM orders AS o\n"
                        + "JOIN gen FOR SYSTEM_TIME AS OF o.proc_time AS g ON o.product_id = g.id"));
        assertTrue(e.getMessage(), e.getMessage().contains("Table 'gen' cannot be looked up"));
        assertTrue(e.getMessage(), e.getMessage().contains("connector 'datagen'"));
        assertTrue(e.getMessage(), e.getMessage().contains("line 2, column 6"));
    }
}
