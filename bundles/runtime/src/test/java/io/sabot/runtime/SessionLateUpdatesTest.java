package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.spi.sink.RowKind;
import io.sabot.format.json.internal.JsonFormatFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * SESSION windows with {@code SET 'sabot.late-data' = 'update'} and {@code 'table.exec.emit.allow-lateness'}, by SQL
 * over a file: five keys, a row a second in turn (each key every 5 s, so with a 3 s gap every row is a session of its
 * own), and out-of-order rows 5,000 s behind, which arrive long after their sessions fired (a source batch holds at
 * most 4,096 lines) but within the 90 min lateness: some fall inside a session ({@code -U}/{@code +U}), some extend
 * one, some bridge two ({@code -D}s and a {@code +I}). A few rows 9,700 s behind are beyond the lateness and dropped.
 * The materialised changelog equals the sessions of every row within the lateness, computed here, at parallelism 1
 * and 2.
 */
public class SessionLateUpdatesTest {

    private static final int ROWS = 10_000;
    private static final long BASE =
            LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    private static final long GAP = 3_000;

    private Path dir;
    private Path input;
    /** Key -> event time -> [rows, sum of v] of the rows within the lateness. */
    private final Map<String, TreeMap<Long, long[]>> kept = new TreeMap<>();

    private int beyond;
    private StreamingSqlExecutor executor;

    private static String line(String key, long v, long ts) {
        return "{\"k\":\"" + key + "\",\"v\":" + v + ",\"ts\":\""
                + LocalDateTime.ofEpochSecond(ts / 1000, 0, ZoneOffset.UTC)
                        .toString()
                        .replace('T', ' ')
                + "\"}";
    }

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("sabot-session-late");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            String key = "K" + (i % 5);
            long ts = BASE + i * 1000L;
            lines.add(line(key, i, ts));
            keep(key, ts, i);
            if (i >= 6_000 && i % 100 == 0) {
                // the same key 5,000 s back: at its session's start (-U/+U), 1 s in (extends it) or 2 s in (bridges
                // it with the key's next session, 5 s later)
                long late = ts - 5_000_000 + ((i / 100) % 3) * 1000L;
                long v = 100_000 + i;
                lines.add(line(key, v, late));
                keep(key, late, v);
            }
            if (i >= 9_800 && i % 50 == 0) {
                lines.add(line(key, 200_000 + i, ts - 9_700_000 + 1000));
                beyond++;
            }
        }
        input = Files.write(dir.resolve("events.json"), lines);
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

    private void keep(String key, long ts, long v) {
        long[] at = kept.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(ts, t -> new long[2]);
        at[0]++;
        at[1] += v;
    }

    /** The sessions of the rows within the lateness, as [key, start, end, count, sum] -> 1. */
    private Map<List<Object>, Integer> reference() {
        Map<List<Object>, Integer> sessions = new HashMap<>();
        for (Map.Entry<String, TreeMap<Long, long[]>> key : kept.entrySet()) {
            long start = 0;
            long end = Long.MIN_VALUE;
            long count = 0;
            long sum = 0;
            for (Map.Entry<Long, long[]> rows : key.getValue().entrySet()) {
                long ts = rows.getKey();
                if (count > 0 && ts > end) { // a row touching [start, end] (closed) joins the session
                    sessions.merge(List.of(key.getKey(), start, end, count, sum), 1, Integer::sum);
                    count = 0;
                    sum = 0;
                }
                if (count == 0) {
                    start = ts;
                }
                end = Math.max(end, ts + GAP);
                count += rows.getValue()[0];
                sum += rows.getValue()[1];
            }
            sessions.merge(List.of(key.getKey(), start, end, count, sum), 1, Integer::sum);
        }
        return sessions;
    }

    @Test
    public void theMaterialisedChangelogEqualsTheSessionsOfEveryRowWithinTheLateness() throws Exception {
        for (int parallelism : List.of(1, 2)) {
            executor = StreamingSqlExecutor.builder()
                    .parallelism(parallelism)
                    .plugins(List.of(new FileSystemTableFactory(), new JsonFormatFactory()))
                    .build();
            executor.executeDdl("CREATE TABLE events (k STRING, v BIGINT, ts TIMESTAMP(3),"
                    + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'filesystem', 'path' = '"
                    + input + "', 'format' = 'json')");
            executor.executeDdl("SET 'sabot.late-data' = 'update'");
            executor.executeDdl("SET 'table.exec.emit.allow-lateness' = '90 min'");
            Map<List<Object>, Integer> table = new HashMap<>();
            Map<String, Integer> kinds = new TreeMap<>();
            try (QueryResult result = executor.executeStreamingSql("SELECT k, SESSION_START(ts, INTERVAL '3' SECOND)"
                    + " AS s, SESSION_END(ts, INTERVAL '3' SECOND) AS e, COUNT(*) AS n, SUM(v) AS total FROM events"
                    + " GROUP BY k, SESSION(ts, INTERVAL '3' SECOND)")) {
                for (VectorSchemaRoot batch : result) {
                    var k = (VarCharVector) batch.getVector("k");
                    var s = (TimeStampVector) batch.getVector("s");
                    var e = (TimeStampVector) batch.getVector("e");
                    var n = (BigIntVector) batch.getVector("n");
                    var total = (BigIntVector) batch.getVector("total");
                    var kind = (TinyIntVector) batch.getVector(RowKind.COLUMN_NAME);
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        RowKind rowKind = RowKind.fromCode(kind.get(i));
                        kinds.merge(rowKind.shortString(), 1, Integer::sum);
                        boolean add = rowKind == RowKind.INSERT || rowKind == RowKind.UPDATE_AFTER;
                        table.merge(
                                List.of(k.getObject(i).toString(), s.get(i), e.get(i), n.get(i), total.get(i)),
                                add ? 1 : -1,
                                Integer::sum);
                        table.values().removeIf(c -> c == 0);
                    }
                }
                result.awaitTermination();
                assertEquals(JobInfo.State.FINISHED, result.status());
                assertEquals("p=" + parallelism, beyond, result.info().lateRowsDropped());
            }
            assertEquals("p=" + parallelism, reference(), table);
            // each kind of late update happened: inside a session, extending one, bridging two
            assertTrue("p=" + parallelism + ": " + kinds, kinds.getOrDefault("-U", 0) > 0);
            assertTrue("p=" + parallelism + ": " + kinds, kinds.getOrDefault("+U", 0) > 0);
            assertTrue("p=" + parallelism + ": " + kinds, kinds.getOrDefault("-D", 0) > 0);
            executor.close();
            executor = null;
        }
    }
}
