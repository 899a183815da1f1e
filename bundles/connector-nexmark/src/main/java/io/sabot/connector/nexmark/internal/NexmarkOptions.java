package io.sabot.connector.nexmark.internal;

import io.sabot.plugin.OptionDescriptor;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The options of the {@code nexmark} connector: nexmark-flink's keys and defaults, plus what Sabot adds. */
public final class NexmarkOptions {

    /** Which stream a table reads. */
    public static final OptionDescriptor<String> TABLE = OptionDescriptor.key("table")
            .enumType("bid", "auction", "person")
            .required()
            .description("Which stream the table reads: 'bid', 'auction' or 'person'. Tables over the same other "
                    + "options share one numbering of events, so they are consistent with each other.");

    /** The number of events of all kinds; bounds the source. */
    public static final OptionDescriptor<Long> EVENTS_NUM = OptionDescriptor.key("events.num")
            .longType()
            .check(v -> v >= 0, "zero or more")
            .description("Number of events of all kinds (persons, auctions and bids) to generate; the table sees "
                    + "those of its kind. When not set, or 0 as in nexmark-flink, the source is unbounded.");

    /** The event rate: spaces event timestamps and paces generation. */
    public static final OptionDescriptor<Long> FIRST_EVENT_RATE = OptionDescriptor.key("first-event.rate")
            .longType()
            .defaultValue(10_000L)
            .deprecatedKeys("rate")
            .check(v -> v > 0, "positive")
            .description("Events of all kinds per second (alias 'rate'): event timestamps are 1/rate seconds "
                    + "apart, and the whole source, shared by its subtasks, generates at this rate.");

    /** Whether to ignore the rate for pacing. */
    public static final OptionDescriptor<Boolean> MAX_EMIT_SPEED = OptionDescriptor.key("max-emit-speed")
            .booleanType()
            .defaultValue(false)
            .description("Generate as fast as possible instead of at first-event.rate; event timestamps stay 1/rate "
                    + "seconds apart (nexmark-flink's default is true).");

    /** The timestamp of event 0. */
    public static final OptionDescriptor<String> BASE_TIME = OptionDescriptor.key("base-time")
            .stringType()
            .check(NexmarkOptions::isBaseTime, "epoch milliseconds or a UTC timestamp such as '2024-01-01 00:00:00'")
            .description("Event time of the first event: epoch milliseconds or a UTC timestamp such as "
                    + "'2024-01-01 00:00:00'. When not set, the time the job first starts (a restore keeps it); set "
                    + "it for repeatable timestamps and for timestamps shared by tables declared separately.");

    public static final OptionDescriptor<Integer> PERSON_PROPORTION = OptionDescriptor.key("person.proportion")
            .intType()
            .defaultValue(1)
            .check(v -> v >= 1 && v <= 1_000_000, "between 1 and 1000000 (auctions and bids name persons)")
            .description("Persons per cycle of person + auction + bid proportion events.");

    public static final OptionDescriptor<Integer> AUCTION_PROPORTION = OptionDescriptor.key("auction.proportion")
            .intType()
            .defaultValue(3)
            .check(v -> v >= 1 && v <= 1_000_000, "between 1 and 1000000 (bids name auctions)")
            .description("Auctions per cycle of person + auction + bid proportion events.");

    public static final OptionDescriptor<Integer> BID_PROPORTION = OptionDescriptor.key("bid.proportion")
            .intType()
            .defaultValue(46)
            .check(v -> v >= 0 && v <= 1_000_000, "between 0 and 1000000")
            .description("Bids per cycle of person + auction + bid proportion events.");

    public static final OptionDescriptor<Integer> HOT_AUCTIONS = OptionDescriptor.key("bid.hot-ratio.auctions")
            .intType()
            .defaultValue(2)
            .check(v -> v >= 1, "at least 1")
            .description("A bid goes to a hot auction (among the newest) with probability 1 - 1/ratio.");

    public static final OptionDescriptor<Integer> HOT_BIDDERS = OptionDescriptor.key("bid.hot-ratio.bidders")
            .intType()
            .defaultValue(4)
            .check(v -> v >= 1, "at least 1")
            .description("A bid comes from a hot bidder (among the newest persons) with probability 1 - 1/ratio.");

    public static final OptionDescriptor<Integer> HOT_SELLERS = OptionDescriptor.key("auction.hot-ratio.sellers")
            .intType()
            .defaultValue(4)
            .check(v -> v >= 1, "at least 1")
            .description(
                    "An auction comes from a hot seller (among the newest persons) with probability 1 - " + "1/ratio.");

    public static final OptionDescriptor<Long> PERSON_AVG_SIZE = OptionDescriptor.key("person.avg-size")
            .memorySizeType()
            .defaultValue(200L)
            .check(v -> v <= 1 << 20, "at most 1 mb")
            .description("Average size of a person in bytes; the 'extra' field pads persons to it.");

    public static final OptionDescriptor<Long> AUCTION_AVG_SIZE = OptionDescriptor.key("auction.avg-size")
            .memorySizeType()
            .defaultValue(500L)
            .check(v -> v <= 1 << 20, "at most 1 mb")
            .description("Average size of an auction in bytes; the 'extra' field pads auctions to it.");

    public static final OptionDescriptor<Long> BID_AVG_SIZE = OptionDescriptor.key("bid.avg-size")
            .memorySizeType()
            .defaultValue(100L)
            .check(v -> v <= 1 << 20, "at most 1 mb")
            .description("Average size of a bid in bytes; the 'extra' field pads bids to it.");

    public static final OptionDescriptor<Long> OUT_OF_ORDER_GROUP_SIZE = OptionDescriptor.key("out-of-order-group-size")
            .longType()
            .defaultValue(1L)
            .check(
                    v -> v >= 1 && v <= 1_000_000_000L && v % 953 != 0,
                    "between 1 and 1000000000 and not a multiple of 953")
            .description("Events come in groups of this many whose ids, kinds and timestamps are shuffled, as in "
                    + "the reference generator; 1 keeps events in order.");

    public static final OptionDescriptor<Integer> ID_LEAD = OptionDescriptor.key("id.lead")
            .intType()
            .defaultValue(10)
            .check(v -> v >= 0 && v <= 1_000_000, "between 0 and 1000000")
            .description("How far beyond the newest person or auction a randomly chosen bidder, seller or auction "
                    + "may be (10 in the reference generator): a few bids and auctions then precede the person or "
                    + "auction they name. 0 makes every reference name an earlier event.");

    /** Every option, in the order of the documentation table. */
    public static final List<OptionDescriptor<?>> ALL = List.of(
            TABLE,
            EVENTS_NUM,
            FIRST_EVENT_RATE,
            MAX_EMIT_SPEED,
            BASE_TIME,
            PERSON_PROPORTION,
            AUCTION_PROPORTION,
            BID_PROPORTION,
            HOT_AUCTIONS,
            HOT_BIDDERS,
            HOT_SELLERS,
            PERSON_AVG_SIZE,
            AUCTION_AVG_SIZE,
            BID_AVG_SIZE,
            OUT_OF_ORDER_GROUP_SIZE,
            ID_LEAD);

    private NexmarkOptions() {}

    /** Parses {@link #BASE_TIME}: digits are epoch milliseconds, otherwise an ISO or SQL timestamp or date in UTC. */
    static long parseBaseTime(String text) {
        String t = text.trim();
        if (t.matches("-?\\d+")) {
            return Long.parseLong(t);
        }
        String local = (t.endsWith("Z") ? t.substring(0, t.length() - 1) : t).replace(' ', 'T');
        LocalDateTime time = local.length() == 10 ? LocalDate.parse(local).atStartOfDay() : LocalDateTime.parse(local);
        return time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static boolean isBaseTime(String text) {
        try {
            parseBaseTime(text);
            return true;
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return false;
        }
    }
}
