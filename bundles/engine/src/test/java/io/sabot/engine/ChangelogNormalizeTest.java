package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.STRING;
import static io.sabot.engine.Plans.agg;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.row;
import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.plan.AggregateFunction;
import io.sabot.plan.ChangelogNormalize;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * An upsert scan normalised by its primary key (Flink's ChangelogNormalize), with the last row per key on the heap
 * and in rocksdb: the changelog is the one a reference (a map of the last row per key, Flink's rules) computes from
 * the same upserts and tombstones, and a GROUP BY over it sums the latest rows.
 */
@RunWith(Parameterized.class)
public class ChangelogNormalizeTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> backends() {
        return EngineHarness.backends();
    }

    @Parameterized.Parameter
    public String backend;

    /** account (the primary key), region, amount. */
    static final RowType ACCOUNTS = row(col("account", STRING), col("region", STRING), col("amount", BIGINT));

    static final byte UPSERT = RowKind.INSERT.code();
    static final byte TOMBSTONE = RowKind.DELETE.code();

    static Object[] upsert(String account, String region, long amount) {
        return new Object[] {account, region, amount, UPSERT};
    }

    static Object[] tombstone(String account) {
        return new Object[] {account, null, null, TOMBSTONE};
    }

    static TableScan upsertScan(String dataset) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("dataset", dataset);
        options.put("bounded", "true");
        return new TableScan(new TableRef("test." + dataset, "test-upserts", options, ACCOUNTS, List.of(0)), true);
    }

    /** Flink's processLastRowOnChangelog over every split's rows in order (one split: the order is the input's). */
    static List<List<Object>> reference(List<Object[]> input) {
        Map<Object, List<Object>> last = new HashMap<>();
        List<List<Object>> out = new ArrayList<>();
        for (Object[] r : input) {
            List<Object> values = Arrays.asList(r[0], r[1], r[2]);
            List<Object> previous = last.get(r[0]);
            if (((Byte) r[3]) == TOMBSTONE) {
                if (previous != null) {
                    out.add(with("-D", previous));
                    last.remove(r[0]);
                }
            } else if (previous == null) {
                out.add(with("+I", values));
                last.put(r[0], values);
            } else if (!previous.equals(values)) {
                out.add(with("-U", previous));
                out.add(with("+U", values));
                last.put(r[0], values);
            }
        }
        return out;
    }

    private static List<Object> with(String kind, List<Object> values) {
        List<Object> row = new ArrayList<>();
        row.add(kind);
        row.addAll(values);
        return row;
    }

    @Test
    public void upsertsAndTombstonesBecomeAProperChangelog() throws Exception {
        List<Object[]> batch1 = List.of(
                upsert("a", "eu", 1),
                upsert("b", "us", 2),
                upsert("a", "eu", 5), // an update
                upsert("a", "eu", 5), // a duplicate: nothing
                tombstone("zz"), // unknown key: nothing
                upsert("c", "eu", 3));
        List<Object[]> batch2 = List.of(
                tombstone("b"),
                upsert("b", "eu", 4), // the same key again after its delete: an insert
                upsert("a", "us", 5), // moves region
                tombstone("c"),
                tombstone("c")); // a second delete: nothing
        List<Object[]> batch3 = List.of(upsert("b", "eu", 4), upsert("c", "us", 9), upsert("a", "us", 6));
        String dataset = TestSourceFactory.register(
                "normalize-basic",
                List.of(List.of(
                        rows(batch1.toArray(Object[][]::new)),
                        rows(batch2.toArray(Object[][]::new)),
                        rows(batch3.toArray(Object[][]::new)))));
        List<Object[]> all = new ArrayList<>(batch1);
        all.addAll(batch2);
        all.addAll(batch3);
        List<List<Object>> expected = reference(all);
        assertTrue(
                "the reference has inserts, updates and deletes",
                expected.stream().map(r -> r.get(0)).toList().containsAll(List.of("+I", "-U", "+U", "-D")));
        ChangelogNormalize normalize = new ChangelogNormalize(upsertScan(dataset), List.of(0));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            assertEquals(expected, harness.run(new QueryPlan("SELECT * FROM accounts", normalize)));
        }
    }

    /** Random updates and tombstones over many keys in two splits: a GROUP BY region sums the latest rows. */
    @Test
    public void groupByOverTheNormalisedTableSumsTheLatestRows() throws Exception {
        Random random = new Random(42);
        List<List<TestSourceFactory.Step>> splits = new ArrayList<>();
        Map<String, Object[]> latest = new HashMap<>();
        for (int s = 0; s < 2; s++) {
            List<TestSourceFactory.Step> steps = new ArrayList<>();
            for (int b = 0; b < 20; b++) {
                List<Object[]> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    // keys of a split are its own, as a Kafka partition holds its keys
                    String account = "acct-" + s + "-" + random.nextInt(40);
                    Object[] r = random.nextInt(5) == 0
                            ? tombstone(account)
                            : upsert(account, "r" + random.nextInt(3), random.nextInt(4));
                    batch.add(r);
                    if (((Byte) r[3]) == TOMBSTONE) {
                        latest.remove(account);
                    } else {
                        latest.put(account, r);
                    }
                }
                steps.add(rows(batch.toArray(Object[][]::new)));
            }
            splits.add(steps);
        }
        String dataset = TestSourceFactory.register("normalize-group", splits);
        Map<List<Object>, Integer> expected = new HashMap<>();
        Map<String, Long> sums = new HashMap<>();
        latest.values().forEach(r -> sums.merge((String) r[1], (Long) r[2], Long::sum));
        sums.forEach((region, sum) -> expected.put(List.of(region, sum), 1));
        GroupAggregate byRegion = new GroupAggregate(
                new ChangelogNormalize(upsertScan(dataset), List.of(0)),
                List.of(1),
                List.of(agg(AggregateFunction.SUM, 2, BIGINT, "total")),
                row(col("region", STRING), col("total", BIGINT)));
        for (int parallelism = 1; parallelism <= 2; parallelism++) {
            try (EngineHarness harness = EngineHarness.on(backend).parallelism(parallelism)) {
                List<List<Object>> changelog = harness.run(
                        new QueryPlan("SELECT region, SUM(amount) FROM accounts GROUP BY region", byRegion));
                Map<List<Object>, Integer> table = ParallelismTest.materialize(changelog);
                assertEquals("p=" + parallelism, expected, table);
            }
        }
    }
}
