package io.sabot.benchmarks;

import io.sabot.connector.nexmark.internal.AsciiString;
import io.sabot.connector.nexmark.internal.NexmarkConfig;
import io.sabot.connector.nexmark.internal.NexmarkGenerator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The benchmark's input: the first {@link #bids()} bids of Sabot's Nexmark generator with the reference defaults
 * (proportions 1/3/46, in order), event time starting at {@link #BASE_TIME} and spaced by the event rate. Both
 * engines see exactly these bids: through a cached CSV file, or generated inside their sources from the same
 * {@link NexmarkConfig} ({@link #events()} events of all kinds, of which {@link #bids()} are bids).
 */
public final class BidData {

    /** 2024-01-01 00:00:00 UTC: the event time of event 0 (the nexmark connector's {@code base-time}). */
    public static final long BASE_TIME = 1_704_067_200_000L;

    /** {@code base-time} as the nexmark connector takes it. */
    public static final String BASE_TIME_TEXT = "2024-01-01 00:00:00";

    /** The bid table's columns, in the CSV file's order. */
    public static final String COLUMNS = "  auction  BIGINT,\n"
            + "  bidder   BIGINT,\n"
            + "  price    BIGINT,\n"
            + "  channel  STRING,\n"
            + "  url      STRING,\n"
            + "  dateTime TIMESTAMP(3),\n"
            + "  extra    STRING,\n"
            + "  WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND\n";

    private final long bids;
    private final long eventRate;
    private final NexmarkConfig config;

    public BidData(long bids, long eventRate) {
        this.bids = bids;
        this.eventRate = eventRate;
        this.config = NexmarkConfig.builder()
                .baseTime(BASE_TIME)
                .eventsPerSecond(eventRate)
                .maxEvents(eventsForBids(bids))
                .build();
    }

    /** Bids in the data. */
    public long bids() {
        return bids;
    }

    /** Events of all kinds to generate so that exactly {@link #bids()} are bids: the nexmark {@code events.num}. */
    public long events() {
        return config.maxEvents();
    }

    public long eventRate() {
        return eventRate;
    }

    /** The generator configuration both engines' in-memory sources use. */
    public NexmarkConfig config() {
        return config;
    }

    /**
     * The smallest number of events (event numbers {@code 0 … n-1}, default proportions, in order) holding {@code
     * bids} bids: each cycle of 50 events holds one person, three auctions, then 46 bids.
     */
    static long eventsForBids(long bids) {
        NexmarkConfig defaults = NexmarkConfig.builder().build();
        int cycle = defaults.totalProportion();
        int perCycle = defaults.bidProportion();
        int before = cycle - perCycle;
        long full = bids / perCycle;
        long rest = bids % perCycle;
        return rest == 0 ? full * cycle : full * cycle + before + rest;
    }

    /**
     * The CSV file with the bids ({@code auction,bidder,price,channel,url,dateTime,extra}, timestamps as {@code
     * yyyy-MM-dd HH:mm:ss.SSS} UTC, no header), written under {@code dir} unless a complete one is there already.
     */
    public Path csvFile(Path dir) throws IOException {
        Path file = dir.resolve("bids-" + bids + "-rate" + eventRate + ".csv");
        if (Files.isRegularFile(file)) {
            return file.toAbsolutePath();
        }
        Files.createDirectories(dir);
        Path partial = dir.resolve(file.getFileName() + ".partial");
        long start = System.nanoTime();
        long written;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
            written = write(out);
        }
        if (written != bids) {
            throw new IllegalStateException("wrote " + written + " bids instead of " + bids);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
                "wrote %,d bids to %s (%,d MB) in %.1f s%n",
                bids, file, Files.size(file) >> 20, (System.nanoTime() - start) / 1e9);
        return file.toAbsolutePath();
    }

    /** Writes every bid as one CSV line; returns how many. */
    long write(OutputStream out) throws IOException {
        NexmarkGenerator generator = new NexmarkGenerator(config);
        NexmarkGenerator.Bid bid = new NexmarkGenerator.Bid();
        TimestampText time = new TimestampText();
        byte[] line = new byte[4096];
        long count = 0;
        for (long n = 0, end = events(); n < end; n++) {
            if (generator.kind(n) != NexmarkGenerator.Kind.BID) {
                continue;
            }
            generator.bid(n, bid);
            int at = 0;
            at = appendLong(line, at, bid.auction);
            line[at++] = ',';
            at = appendLong(line, at, bid.bidder);
            line[at++] = ',';
            at = appendLong(line, at, bid.price);
            line[at++] = ',';
            at = append(line, at, bid.channel);
            line[at++] = ',';
            at = append(line, at, bid.url);
            line[at++] = ',';
            byte[] ts = time.format(bid.dateTime);
            System.arraycopy(ts, 0, line, at, ts.length);
            at += ts.length;
            line[at++] = ',';
            at = append(line, at, bid.extra);
            line[at++] = '\n';
            out.write(line, 0, at);
            count++;
        }
        return count;
    }

    private static int append(byte[] line, int at, AsciiString text) {
        byte[] bytes = text.bytes();
        for (int i = 0; i < text.length(); i++) {
            byte b = bytes[i];
            if (b == ',' || b == '"' || b == '\n' || b == '\r') {
                throw new IllegalStateException("a generated field needs CSV quoting: " + text);
            }
        }
        System.arraycopy(bytes, 0, line, at, text.length());
        return at + text.length();
    }

    private static int appendLong(byte[] line, int at, long value) {
        byte[] digits = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, line, at, digits.length);
        return at + digits.length;
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC, reusing the seconds part while it stays the same. */
    static final class TimestampText {
        private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        private final byte[] text = new byte[23];
        private long second = Long.MIN_VALUE;

        byte[] format(long epochMillis) {
            long s = Math.floorDiv(epochMillis, 1000);
            int ms = (int) Math.floorMod(epochMillis, 1000);
            if (s != second) {
                byte[] prefix = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC)
                        .format(SECONDS)
                        .getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(prefix, 0, text, 0, 19);
                text[19] = '.';
                second = s;
            }
            text[20] = (byte) ('0' + ms / 100);
            text[21] = (byte) ('0' + ms / 10 % 10);
            text[22] = (byte) ('0' + ms % 10);
            return text;
        }
    }
}
