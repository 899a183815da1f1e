package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.util.HashMap;
import java.util.Map;
import javax.inject.Inject;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

/**
 * The distribution's rocksdb bundle registers its state backend in Felix, and a job selecting it loads RocksDB's
 * native library from inside the bundle and keeps its windows there.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RocksDbInFelixIT extends SabotTestSupport {

    @Inject
    @Filter("(sabot.resolver=registry)")
    ConnectorResolver containerResolver;

    @Test
    public void windowedAggregateKeepsItsWindowsInRocksdb() throws Exception {
        awaitRegistry(
                s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent()
                        && s.active(PluginKind.STATE_BACKEND, "rocksdb").isPresent(),
                10_000);
        java.nio.file.Path checkpoints = java.nio.file.Files.createTempDirectory("rocksdb-it");
        try (StreamingSqlExecutor executor =
                StreamingSqlExecutor.builder().parallelism(2).build()) {
            executor.executeDdl("CREATE TABLE events (\n"
                    + "  id BIGINT,\n"
                    + "  ts AS TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-01 00:00:00'),\n"
                    + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND\n"
                    + ") WITH ('connector' = 'datagen', 'rows-per-second' = '300',\n"
                    + "  'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '599');\n"
                    + "SET 'state.backend.type' = 'rocksdb';\n"
                    // paced over 2 s with checkpoints, so that some checkpoint holds windows written by rocksdb
                    + "SET 'execution.checkpointing.interval' = '100 ms';\n"
                    + "SET 'state.checkpoints.num-retained' = '1000';\n"
                    + "SET 'state.checkpoints.dir' = '" + checkpoints.toUri() + "';\n");
            Map<Long, long[]> windows = new HashMap<>();
            try (QueryResult result = executor.executeStreamingSql(
                    "SELECT TUMBLE(ts, INTERVAL '1' MINUTE) AS w, CAST(id % 3 AS BIGINT) AS k, COUNT(*) AS n, SUM(id) AS s"
                            + " FROM events GROUP BY TUMBLE(ts, INTERVAL '1' MINUTE), id % 3")) {
                for (VectorSchemaRoot batch : result) {
                    TimeStampMilliVector w = (TimeStampMilliVector) batch.getVector("w");
                    BigIntVector k = (BigIntVector) batch.getVector("k");
                    BigIntVector n = (BigIntVector) batch.getVector("n");
                    BigIntVector s = (BigIntVector) batch.getVector("s");
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        windows.put(w.get(i) * 3 + k.get(i), new long[] {n.get(i), s.get(i)});
                    }
                }
                result.awaitTermination();
            }
            // 600 ids one second apart: ten one-minute windows, each split into ids mod 3, computed here
            Map<Long, long[]> expected = new HashMap<>();
            long start = java.time.Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
            for (long id = 0; id < 600; id++) {
                long key = (start + (id / 60) * 60_000L) * 3 + id % 3;
                long[] agg = expected.computeIfAbsent(key, x -> new long[2]);
                agg[0]++;
                agg[1] += id;
            }
            assertEquals(expected.keySet(), windows.keySet());
            for (Map.Entry<Long, long[]> e : expected.entrySet()) {
                assertTrue("window/key " + e.getKey(), java.util.Arrays.equals(e.getValue(), windows.get(e.getKey())));
            }
            java.util.List<String> backends = new java.util.ArrayList<>();
            try (var files = java.nio.file.Files.walk(checkpoints)) {
                for (var f : files.filter(p -> p.getFileName().toString().equals("manifest.json"))
                        .toList()) {
                    String json = java.nio.file.Files.readString(f);
                    backends.add(json.replaceAll("(?s).*\"backend\"\\s*:\\s*\"([^\"]*)\".*", "$1"));
                }
            }
            assertTrue("checkpoints with window state: " + backends, !backends.isEmpty());
            assertEquals(java.util.Set.of("rocksdb"), new java.util.HashSet<>(backends));
        } finally {
            try (var files = java.nio.file.Files.walk(checkpoints)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
