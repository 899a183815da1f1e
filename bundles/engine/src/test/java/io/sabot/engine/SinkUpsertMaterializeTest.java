package io.sabot.engine;

import static io.sabot.engine.TestSourceFactory.rows;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.SinkUpsertMaterialize;
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
 * The changelog of a {@code GROUP BY account, region} materialized for a sink keyed by {@code region} (Flink's
 * SinkUpsertMaterializer), with the rows per key on the heap, the memory backend's SPI and rocksdb: the output is the
 * one Flink's algorithm, written out in {@link #reference}, computes from the same changes, and applied as upserts by
 * region it gives the latest live row of each region, which the changelog applied without the materializer does not.
 */
@RunWith(Parameterized.class)
public class SinkUpsertMaterializeTest {

    @Parameterized.Parameters(name = "{0}")
    public static List<Object[]> backends() {
        return EngineHarness.backends();
    }

    @Parameterized.Parameter
    public String backend;

    static final int REGION = 1;

    static Object[] change(RowKind kind, String account, String region, long amount) {
        return new Object[] {account, region, amount, kind.code()};
    }

    static final String[] KINDS = {"+I", "-U", "+U", "-D"};

    /** Flink 1.20's SinkUpsertMaterializer (no upsert key) over the changes in order, keyed by region. */
    static List<List<Object>> reference(List<Object[]> input) {
        Map<Object, List<List<Object>>> lists = new HashMap<>();
        List<List<Object>> out = new ArrayList<>();
        for (Object[] r : input) {
            List<Object> values = Arrays.asList(r[0], r[1], r[2]);
            List<List<Object>> list = lists.computeIfAbsent(r[REGION], k -> new ArrayList<>());
            byte kind = (Byte) r[3];
            if (kind == RowKind.INSERT.code() || kind == RowKind.UPDATE_AFTER.code()) {
                list.add(values);
                out.add(with(list.size() == 1 ? "+I" : "+U", values));
                continue;
            }
            int index = list.indexOf(values);
            if (index < 0) {
                continue;
            }
            list.remove(index);
            if (index == list.size()) {
                out.add(list.isEmpty() ? with("-D", values) : with("+U", list.get(list.size() - 1)));
            }
        }
        return out;
    }

    /**
     * What the sink table should hold, computed from the input alone: per region the most recently added row of
     * those still live (the input applied as a multiset of rows).
     */
    static Map<Object, List<Object>> latestLive(List<Object[]> input) {
        List<List<Object>> live = new ArrayList<>(); // in order of addition
        for (Object[] r : input) {
            List<Object> values = Arrays.asList(r[0], r[1], r[2]);
            byte kind = (Byte) r[3];
            if (kind == RowKind.INSERT.code() || kind == RowKind.UPDATE_AFTER.code()) {
                live.add(values);
            } else {
                live.remove(values);
            }
        }
        Map<Object, List<Object>> table = new HashMap<>();
        live.forEach(values -> table.put(values.get(REGION), values));
        return table;
    }

    /** A changelog applied by an upsert sink keyed by region: +I/+U write the row, -D deletes the key, -U is dropped. */
    static Map<Object, List<Object>> upsertView(List<List<Object>> changelog) {
        Map<Object, List<Object>> table = new HashMap<>();
        for (List<Object> row : changelog) {
            List<Object> values = new ArrayList<>(row.subList(1, row.size()));
            switch ((String) row.get(0)) {
                case "+I", "+U" -> table.put(values.get(REGION), values);
                case "-D" -> table.remove(values.get(REGION));
                default -> {}
            }
        }
        return table;
    }

    /** The input as the changelog lists the harness returns, for {@link #upsertView} without the materializer. */
    static List<List<Object>> asChangelog(List<Object[]> input) {
        List<List<Object>> out = new ArrayList<>();
        for (Object[] r : input) {
            out.add(with(KINDS[(Byte) r[3]], Arrays.asList(r[0], r[1], r[2])));
        }
        return out;
    }

    private static List<Object> with(String kind, List<Object> values) {
        List<Object> row = new ArrayList<>();
        row.add(kind);
        row.addAll(values);
        return row;
    }

    static QueryPlan plan(String dataset) {
        return new QueryPlan(
                "INSERT INTO by_region SELECT account, region, SUM(amount) FROM t GROUP BY account, region",
                new SinkUpsertMaterialize(ChangelogNormalizeTest.upsertScan(dataset), List.of(REGION)));
    }

    @Test
    public void insertsUpdatesRetractionsAndDeletesFollowFlinksMaterializer() throws Exception {
        List<Object[]> batch1 = List.of(
                change(RowKind.INSERT, "a", "eu", 1),
                change(RowKind.INSERT, "b", "eu", 2), // a second row for eu: +U
                change(RowKind.UPDATE_BEFORE, "a", "eu", 1), // an older row: nothing
                change(RowKind.UPDATE_AFTER, "a", "eu", 3));
        List<Object[]> batch2 = List.of(
                change(RowKind.UPDATE_BEFORE, "b", "eu", 2),
                change(RowKind.UPDATE_AFTER, "b", "us", 2), // b's key changes from eu to us
                change(RowKind.DELETE, "a", "eu", 3), // the last row of eu: -D
                change(RowKind.UPDATE_BEFORE, "x", "zz", 0)); // never received: nothing
        List<Object[]> batch3 = List.of(
                change(RowKind.INSERT, "c", "us", 5),
                change(RowKind.DELETE, "c", "us", 5), // the latest row of us goes: +U of b's
                change(RowKind.INSERT, "d", "ap", 7),
                change(RowKind.INSERT, "e", "ap", 8),
                change(RowKind.UPDATE_BEFORE, "e", "ap", 8), // the latest of two: +U of d's
                change(RowKind.UPDATE_AFTER, "e", "ap", 9));
        String dataset = TestSourceFactory.register(
                "materialize-basic",
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
                expected.stream().map(r -> r.get(0)).toList().containsAll(List.of("+I", "+U", "-D")));
        assertEquals("the reference keeps the latest live rows", latestLive(all), upsertView(expected));
        assertNotEquals(
                "without the materializer the sink would be wrong", latestLive(all), upsertView(asChangelog(all)));
        try (EngineHarness harness = EngineHarness.on(backend)) {
            assertEquals(expected, harness.run(plan(dataset)));
        }
    }

    /** The changes of many accounts moving between regions, at p=1 and p=2 (one split: its order per region holds). */
    @Test
    public void accountsMovingBetweenRegionsLeaveTheLatestLiveRowPerRegion() throws Exception {
        List<Object[]> changes = randomGroupByChangelog(new Random(7), 60, 400);
        List<TestSourceFactory.Step> steps = new ArrayList<>();
        for (int from = 0; from < changes.size(); from += 50) {
            steps.add(rows(
                    changes.subList(from, Math.min(changes.size(), from + 50)).toArray(Object[][]::new)));
        }
        String dataset = TestSourceFactory.register("materialize-random", List.of(steps));
        Map<Object, List<Object>> expected = latestLive(changes);
        assertNotEquals("without the materializer the sink would be wrong", expected, upsertView(asChangelog(changes)));
        for (int parallelism = 1; parallelism <= 2; parallelism++) {
            try (EngineHarness harness = EngineHarness.on(backend).parallelism(parallelism)) {
                assertEquals("p=" + parallelism, expected, upsertView(harness.run(plan(dataset))));
            }
        }
    }

    /**
     * The changelog a {@code GROUP BY account, region} with {@code SUM(amount)} emits when each account's row moves
     * to a random region and amount or is deleted: -U of the old row and +U of the new, or -D.
     */
    static List<Object[]> randomGroupByChangelog(Random random, int accounts, int changes) {
        Map<String, Object[]> current = new LinkedHashMap<>();
        List<Object[]> out = new ArrayList<>();
        String[] regions = {"eu", "us", "ap", "sa"};
        for (int i = 0; i < changes; i++) {
            String account = "acct-" + random.nextInt(accounts);
            Object[] now = current.get(account);
            String region = regions[random.nextInt(regions.length)];
            long amount = random.nextInt(100);
            if (now == null) {
                Object[] row = change(RowKind.INSERT, account, region, amount);
                out.add(row);
                current.put(account, row);
            } else if (random.nextInt(6) == 0) {
                out.add(change(RowKind.DELETE, account, (String) now[1], (Long) now[2]));
                current.remove(account);
            } else {
                out.add(change(RowKind.UPDATE_BEFORE, account, (String) now[1], (Long) now[2]));
                Object[] row = change(RowKind.UPDATE_AFTER, account, region, amount);
                out.add(row);
                current.put(account, row);
            }
        }
        return out;
    }
}
