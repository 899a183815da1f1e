package io.sabot.connector.nexmark.internal;

/**
 * What {@link NexmarkGenerator} generates: the parameters of the reference NEXMark generator ({@code
 * GeneratorConfig} in Apache Beam and in the nexmark-flink benchmark) with their defaults. Immutable and
 * thread-safe; build one with {@link #builder()}.
 *
 * <p>Events are numbered globally from 0. Event number {@code n} has the id {@link #eventId(long)} (equal to {@code
 * n} unless {@link Builder#outOfOrderGroupSize out-of-order groups} permute it), its kind follows from its id
 * modulo the {@link #totalProportion()}, and its timestamp is {@code baseTime + id × 1 000 000 / eventsPerSecond}
 * microseconds, truncated to milliseconds, as the reference computes it.
 */
public final class NexmarkConfig {

    /** The id of the first person, as in the reference, so that small data sets still find matches. */
    public static final long FIRST_PERSON_ID = 1000L;

    /** The id of the first auction. */
    public static final long FIRST_AUCTION_ID = 1000L;

    /** The first auction category; categories are {@code 10 … 14}. */
    public static final long FIRST_CATEGORY_ID = 10L;

    /** {@link #maxEvents()} of an unbounded configuration. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    private final int personProportion;
    private final int auctionProportion;
    private final int bidProportion;
    private final int totalProportion;
    private final long eventsPerSecond;
    private final double interEventDelayUs;
    private final long baseTime;
    private final long maxEvents;
    private final long outOfOrderGroupSize;
    private final int hotAuctionRatio;
    private final int hotBiddersRatio;
    private final int hotSellersRatio;
    private final int avgPersonByteSize;
    private final int avgAuctionByteSize;
    private final int avgBidByteSize;
    private final int numInFlightAuctions;
    private final int numActivePeople;
    private final int idLead;

    private NexmarkConfig(Builder b) {
        this.personProportion = b.personProportion;
        this.auctionProportion = b.auctionProportion;
        this.bidProportion = b.bidProportion;
        this.totalProportion = b.personProportion + b.auctionProportion + b.bidProportion;
        this.eventsPerSecond = b.eventsPerSecond;
        this.interEventDelayUs = 1_000_000.0 / b.eventsPerSecond;
        this.baseTime = b.baseTime;
        this.maxEvents = b.maxEvents;
        this.outOfOrderGroupSize = b.outOfOrderGroupSize;
        this.hotAuctionRatio = b.hotAuctionRatio;
        this.hotBiddersRatio = b.hotBiddersRatio;
        this.hotSellersRatio = b.hotSellersRatio;
        this.avgPersonByteSize = b.avgPersonByteSize;
        this.avgAuctionByteSize = b.avgAuctionByteSize;
        this.avgBidByteSize = b.avgBidByteSize;
        this.numInFlightAuctions = b.numInFlightAuctions;
        this.numActivePeople = b.numActivePeople;
        this.idLead = b.idLead;
    }

    /** A builder with the reference's defaults and base time 0 (1970-01-01T00:00:00Z). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.personProportion = personProportion;
        b.auctionProportion = auctionProportion;
        b.bidProportion = bidProportion;
        b.eventsPerSecond = eventsPerSecond;
        b.baseTime = baseTime;
        b.maxEvents = maxEvents;
        b.outOfOrderGroupSize = outOfOrderGroupSize;
        b.hotAuctionRatio = hotAuctionRatio;
        b.hotBiddersRatio = hotBiddersRatio;
        b.hotSellersRatio = hotSellersRatio;
        b.avgPersonByteSize = avgPersonByteSize;
        b.avgAuctionByteSize = avgAuctionByteSize;
        b.avgBidByteSize = avgBidByteSize;
        b.numInFlightAuctions = numInFlightAuctions;
        b.numActivePeople = numActivePeople;
        b.idLead = idLead;
        return b;
    }

    /**
     * The id of event number {@code eventNumber}. With an out-of-order group size {@code g} the ids within each
     * group of {@code g} consecutive numbers are permuted as the reference does ({@code base + (n × 953) mod g});
     * a last group cut short by {@link #maxEvents()} keeps its numbers, so that a bounded run's ids are exactly
     * {@code 0 … maxEvents - 1}.
     */
    public long eventId(long eventNumber) {
        long g = outOfOrderGroupSize;
        if (g == 1) {
            return eventNumber;
        }
        long base = eventNumber - eventNumber % g;
        if (base > maxEvents - g) {
            return eventNumber;
        }
        return base + (eventNumber % g) * 953 % g;
    }

    /** The event time of the event with id {@code eventId}, in epoch milliseconds, as the reference computes it. */
    public long timestampForEvent(long eventId) {
        return baseTime + (long) (eventId * interEventDelayUs) / 1000L;
    }

    public int personProportion() {
        return personProportion;
    }

    public int auctionProportion() {
        return auctionProportion;
    }

    public int bidProportion() {
        return bidProportion;
    }

    /** Events per cycle: one cycle holds {@code person}, then {@code auction}, then {@code bid} proportion events. */
    public int totalProportion() {
        return totalProportion;
    }

    public long eventsPerSecond() {
        return eventsPerSecond;
    }

    public long baseTime() {
        return baseTime;
    }

    /** The number of events, or {@link #UNBOUNDED}. */
    public long maxEvents() {
        return maxEvents;
    }

    public long outOfOrderGroupSize() {
        return outOfOrderGroupSize;
    }

    public int hotAuctionRatio() {
        return hotAuctionRatio;
    }

    public int hotBiddersRatio() {
        return hotBiddersRatio;
    }

    public int hotSellersRatio() {
        return hotSellersRatio;
    }

    public int avgPersonByteSize() {
        return avgPersonByteSize;
    }

    public int avgAuctionByteSize() {
        return avgAuctionByteSize;
    }

    public int avgBidByteSize() {
        return avgBidByteSize;
    }

    public int numInFlightAuctions() {
        return numInFlightAuctions;
    }

    public int numActivePeople() {
        return numActivePeople;
    }

    public int idLead() {
        return idLead;
    }

    @Override
    public String toString() {
        return "NexmarkConfig{proportions " + personProportion + "/" + auctionProportion + "/" + bidProportion
                + ", " + eventsPerSecond + " events/s, baseTime " + baseTime + ", maxEvents "
                + (maxEvents == UNBOUNDED ? "unbounded" : Long.toString(maxEvents)) + ", outOfOrderGroupSize "
                + outOfOrderGroupSize + ", hot ratios auctions " + hotAuctionRatio + " bidders " + hotBiddersRatio
                + " sellers " + hotSellersRatio + ", avg sizes " + avgPersonByteSize + "/" + avgAuctionByteSize + "/"
                + avgBidByteSize + ", in-flight auctions " + numInFlightAuctions + ", active people "
                + numActivePeople + ", id lead " + idLead + "}";
    }

    /**
     * Builds a {@link NexmarkConfig}. Each setter checks its argument and throws {@link IllegalArgumentException}
     * naming the parameter; {@link #build()} checks how they combine.
     */
    public static final class Builder {
        private int personProportion = 1;
        private int auctionProportion = 3;
        private int bidProportion = 46;
        private long eventsPerSecond = 10_000;
        private long baseTime;
        private long maxEvents = UNBOUNDED;
        private long outOfOrderGroupSize = 1;
        private int hotAuctionRatio = 2;
        private int hotBiddersRatio = 4;
        private int hotSellersRatio = 4;
        private int avgPersonByteSize = 200;
        private int avgAuctionByteSize = 500;
        private int avgBidByteSize = 100;
        private int numInFlightAuctions = 100;
        private int numActivePeople = 1000;
        private int idLead = 10;

        private Builder() {}

        /**
         * Events per cycle of each kind; defaults 1 person, 3 auctions, 46 bids. Persons and auctions need at least
         * one per cycle: auctions name a seller and bids an auction and a bidder.
         */
        public Builder proportions(int person, int auction, int bid) {
            require(person >= 1 && person <= 1_000_000, "person proportion must be between 1 and 1000000");
            require(auction >= 1 && auction <= 1_000_000, "auction proportion must be between 1 and 1000000");
            require(bid >= 0 && bid <= 1_000_000, "bid proportion must be between 0 and 1000000");
            this.personProportion = person;
            this.auctionProportion = auction;
            this.bidProportion = bid;
            return this;
        }

        /** The event rate that spaces event timestamps (the reference's {@code firstEventRate}); default 10000. */
        public Builder eventsPerSecond(long value) {
            require(value > 0, "events per second must be positive");
            this.eventsPerSecond = value;
            return this;
        }

        /** The timestamp of event 0, in epoch milliseconds; default 0. */
        public Builder baseTime(long epochMillis) {
            this.baseTime = epochMillis;
            return this;
        }

        /** The number of events ({@link #UNBOUNDED} for no bound, the default); must be positive. */
        public Builder maxEvents(long value) {
            require(value > 0, "the number of events must be positive");
            this.maxEvents = value;
            return this;
        }

        /**
         * How many consecutive events have their ids (and so their kinds and timestamps) shuffled; 1, the default,
         * keeps them in order. Not a multiple of 953, which would not permute the group.
         */
        public Builder outOfOrderGroupSize(long value) {
            require(value >= 1 && value <= 1_000_000_000L, "out-of-order group size must be between 1 and 1000000000");
            require(value % 953 != 0, "out-of-order group size must not be a multiple of 953");
            this.outOfOrderGroupSize = value;
            return this;
        }

        /** Hot auction, bidder and seller ratios: a reference goes to a hot one with probability 1 − 1/ratio. */
        public Builder hotRatios(int auctions, int bidders, int sellers) {
            require(auctions >= 1 && bidders >= 1 && sellers >= 1, "hot ratios must be at least 1");
            this.hotAuctionRatio = auctions;
            this.hotBiddersRatio = bidders;
            this.hotSellersRatio = sellers;
            return this;
        }

        /** Average sizes in bytes the {@code extra} field pads events to; defaults 200, 500, 100. */
        public Builder averageSizes(int person, int auction, int bid) {
            require(person >= 0 && auction >= 0 && bid >= 0, "average sizes must not be negative");
            require(person <= 1 << 20 && auction <= 1 << 20 && bid <= 1 << 20, "average sizes must be at most 1 MiB");
            this.avgPersonByteSize = person;
            this.avgAuctionByteSize = auction;
            this.avgBidByteSize = bid;
            return this;
        }

        /** The auctions bids choose among when not hot; default 100. */
        public Builder numInFlightAuctions(int value) {
            require(value >= 1, "in-flight auctions must be at least 1");
            this.numInFlightAuctions = value;
            return this;
        }

        /** The persons auctions and bids choose among when not hot; default 1000. */
        public Builder numActivePeople(int value) {
            require(value >= 1, "active people must be at least 1");
            this.numActivePeople = value;
            return this;
        }

        /**
         * How far beyond the newest person or auction a random reference may point (the reference's 10): such a
         * bid or auction comes shortly before the person or auction it names. 0 makes every reference point at a
         * person or auction whose event number is lower.
         */
        public Builder idLead(int value) {
            require(value >= 0 && value <= 1_000_000, "id lead must be between 0 and 1000000");
            this.idLead = value;
            return this;
        }

        public NexmarkConfig build() {
            return new NexmarkConfig(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
