package io.sabot.runtime.checkpoint;

import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory;
import java.util.List;

/**
 * Run in a JVM of its own with a small heap by {@link StateBackendBeyondHeapTest}: with its state on backend {@code
 * args[0]}, over {@code args[1]} distinct keys, in {@code args[2]}, one of ({@code args[3]}): an unwindowed aggregate
 * ({@code aggregate}), a {@code COUNT(DISTINCT k)} over 1000 groups, every key a value of its group's set ({@code
 * distinct}), or a regular join of two tables ({@code join}); prints "finished" when the job ended.
 */
public final class BeyondHeapJob {

    public static void main(String[] args) throws Exception {
        String backend = args[0];
        long keys = Long.parseLong(args[1]);
        long started = System.nanoTime();
        String kind = args.length > 3 ? args[3] : "aggregate";
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(1)
                .option("state_path", args[2])
                .plugins(List.of(
                        new DatagenSourceFactory(), new BlackholeSinkFactory(), new RocksDbStateBackendFactory()))
                .build()) {
            executor.executeDdl(
                    """
                    CREATE TABLE src (k BIGINT, v BIGINT) WITH ('connector' = 'datagen',
                      'rows-per-second' = '1000000000', 'seed' = '1',
                      'fields.k.kind' = 'sequence', 'fields.k.start' = '1', 'fields.k.end' = '%1$d',
                      'fields.v.min' = '0', 'fields.v.max' = '9');
                    CREATE TABLE other (k BIGINT, w BIGINT) WITH ('connector' = 'datagen',
                      'rows-per-second' = '1000000000', 'seed' = '2',
                      'fields.k.kind' = 'sequence', 'fields.k.start' = '1', 'fields.k.end' = '%1$d',
                      'fields.w.min' = '0', 'fields.w.max' = '9');
                    CREATE TABLE totals (g BIGINT, n BIGINT, s BIGINT) WITH ('connector' = 'blackhole');
                    SET 'state.backend.type' = '%2$s';
                    """
                            .formatted(keys, backend));
            // aggregate: every group gets two rows, the second one reads the first one's accumulators back;
            // distinct: 1000 groups whose value sets grow without bound;
            // join: every row of either side is kept (a regular join forgets nothing), half of them find a match
            String query =
                    switch (kind) {
                        case "join" -> "INSERT INTO totals SELECT src.k, src.v, other.w FROM src JOIN other"
                                + " ON src.k = other.k * 2";
                        case "distinct" -> "INSERT INTO totals SELECT k % 1000, COUNT(*), COUNT(DISTINCT k) FROM src"
                                + " GROUP BY k % 1000";
                        default -> "INSERT INTO totals SELECT k / 2, COUNT(*), SUM(v) FROM src GROUP BY k / 2";
                    };
            try (QueryResult result = executor.executeStreamingSql(query)) {
                result.awaitTermination();
            }
        }
        System.out.println("finished in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }
}
