package io.sabot.examples.embedded;

import io.sabot.embedded.SabotContainer;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A plain Java program that starts a Sabot container, counts Nexmark bids per second of event time, and reads the
 * result batches with its own Arrow classes.
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp CLASSPATH io.sabot.examples.embedded.EmbeddedNexmark [SABOT_HOME]
 * </pre>
 *
 * SABOT_HOME is a Sabot distribution (runtime-assembly/target/sabot); without it, -Dsabot.home or the SABOT_HOME
 * environment variable.
 */
public final class EmbeddedNexmark {

    /** 10 000 Nexmark events are 200 persons, 600 auctions and 9 200 bids, over 10 s of event time. */
    static final String DDL = """
            CREATE TABLE bid (
              auction   BIGINT,
              bidder    BIGINT,
              price     BIGINT,
              channel   VARCHAR,
              url       VARCHAR,
              dateTime  TIMESTAMP(3),
              extra     VARCHAR,
              WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND
            ) WITH (
              'connector'        = 'nexmark',
              'table'            = 'bid',
              'events.num'       = '10000',
              'first-event.rate' = '1000',
              'max-emit-speed'   = 'true',
              'base-time'        = '2024-01-01 00:00:00'
            )""";

    static final String QUERY = """
            SELECT window_start, COUNT(*) AS bids, MAX(price) AS top_price
            FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '1' SECOND))
            GROUP BY window_start, window_end""";

    private EmbeddedNexmark() {}

    public static void main(String[] args) {
        run(args.length > 0 ? Path.of(args[0]) : null, System.out);
    }

    /** Runs the query and prints one line per window; returns the number of bids counted. */
    public static long run(Path home, PrintStream out) {
        SabotContainer.Options options = new SabotContainer.Options();
        if (home != null) {
            options.home(home);
        }
        long total = 0;
        try (SabotContainer sabot = SabotContainer.start(options);
                StreamingSqlExecutor executor =
                        sabot.executorBuilder().parallelism(2).build()) {
            executor.executeDdl(DDL);
            try (QueryResult result = executor.executeStreamingSql(QUERY)) {
                for (VectorSchemaRoot batch : result) { // valid until the next batch: copy what must live longer
                    BigIntVector bids = (BigIntVector) batch.getVector("bids");
                    BigIntVector topPrice = (BigIntVector) batch.getVector("top_price");
                    for (int row = 0; row < batch.getRowCount(); row++) {
                        LocalDateTime start =
                                (LocalDateTime) batch.getVector("window_start").getObject(row);
                        out.printf("%-19s  %5d bids, top price %d%n", start, bids.get(row), topPrice.get(row));
                        total += bids.get(row);
                    }
                }
            }
        }
        out.println("total bids: " + total);
        return total;
    }
}
