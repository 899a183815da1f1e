package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Query;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's queries, as the nexmark-flink project defines them (its {@code queries/qN.sql}), over the table
 * {@code bid}, each writing to a {@code blackhole} sink. The same SQL text runs in both engines; only the source
 * table's {@code WITH} clause differs.
 */
public final class NexmarkQueries {

    private static final Map<String, Query> QUERIES = new LinkedHashMap<>();

    private static void add(String name, String title, String sinkColumns, String select) {
        QUERIES.put(name, new Query(name, title, sinkColumns, select));
    }

    static {
        add(
                "q0",
                "pass-through",
                "  auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra STRING\n",
                "SELECT auction, bidder, price, dateTime, extra FROM bid");
        add(
                "q1",
                "currency conversion",
                "  auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), dateTime TIMESTAMP(3), extra STRING\n",
                "SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid");
        add(
                "q2",
                "selection",
                "  auction BIGINT, price BIGINT\n",
                "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0");
        add(
                "tumble",
                "bids per auction per 10 s tumbling window",
                "  auction BIGINT, window_start TIMESTAMP(3), window_end TIMESTAMP(3), num BIGINT\n",
                "SELECT auction, window_start, window_end, COUNT(*) AS num\n"
                        + "FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))\n"
                        + "GROUP BY auction, window_start, window_end");
        add(
                "q5",
                "hot items (HOP 10 s / 2 s, max per window, join)",
                "  auction BIGINT, num BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3)\n",
                "SELECT AuctionBids.auction, AuctionBids.num, AuctionBids.starttime, AuctionBids.endtime\n"
                        + "FROM (\n"
                        + "  SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime\n"
                        + "  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND,"
                        + " INTERVAL '10' SECOND))\n"
                        + "  GROUP BY auction, window_start, window_end\n"
                        + ") AS AuctionBids\n"
                        + "JOIN (\n"
                        + "  SELECT MAX(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime\n"
                        + "  FROM (\n"
                        + "    SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime\n"
                        + "    FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND,"
                        + " INTERVAL '10' SECOND))\n"
                        + "    GROUP BY auction, window_start, window_end\n"
                        + "  ) AS CountBids\n"
                        + "  GROUP BY CountBids.starttime, CountBids.endtime\n"
                        + ") AS MaxBids\n"
                        + "ON AuctionBids.starttime = MaxBids.starttime\n"
                        + "   AND AuctionBids.endtime = MaxBids.endtime\n"
                        + "   AND AuctionBids.num >= MaxBids.maxn");
        add(
                "q7",
                "highest bid per 10 s window (window max, interval join)",
                "  auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra STRING\n",
                "SELECT B.auction, B.price, B.bidder, B.dateTime, B.extra\n"
                        + "FROM bid B\n"
                        + "JOIN (\n"
                        + "  SELECT MAX(B1.price) AS maxprice,"
                        + " TUMBLE_ROWTIME(B1.dateTime, INTERVAL '10' SECOND) AS dateTime\n"
                        + "  FROM bid B1\n"
                        + "  GROUP BY TUMBLE(B1.dateTime, INTERVAL '10' SECOND)\n"
                        + ") B1\n"
                        + "ON B.price = B1.maxprice\n"
                        + "WHERE B.dateTime BETWEEN B1.dateTime - INTERVAL '10' SECOND AND B1.dateTime");
    }

    /** Every query name, in benchmark order. */
    public static final List<String> NAMES = List.copyOf(QUERIES.keySet());

    private NexmarkQueries() {}

    public static Query get(String name) {
        Query query = QUERIES.get(name);
        if (query == null) {
            throw new IllegalArgumentException("unknown query '" + name + "' (known: " + NAMES + ")");
        }
        return query;
    }
}
