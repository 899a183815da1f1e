package io.sabot.connector.nexmark.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The NEXMark event generator: persons, auctions and bids as Apache Beam's and the nexmark-flink benchmark's
 * generator make them, as a plain Java class (no OSGi, no Arrow) that the connector and the benchmark harness share.
 *
 * <pre>{@code
 * NexmarkGenerator generator = new NexmarkGenerator(NexmarkConfig.builder().baseTime(1_700_000_000_000L).build());
 * NexmarkGenerator.Bid bid = new NexmarkGenerator.Bid();
 * for (long n = 0, bids = 0; bids < 10_000_000; n++) {
 *     if (generator.kind(n) == NexmarkGenerator.Kind.BID) {
 *         generator.bid(n, bid);               // fills bid.auction, bid.bidder, …, bid.extra
 *         csv.write(bid.auction + "," + bid.bidder + "," + bid.price + "," + bid.channel + ",…");
 *         bids++;
 *     }
 * }
 * }</pre>
 *
 * <p><b>Determinism.</b> An event is a pure function of the configuration and its event number: its values come
 * from a {@link java.util.Random} seeded with the event id, drawn in the reference's order, so any event can be
 * generated on its own, in any order, by any instance. Two generators over equal configurations make equal events.
 *
 * <p><b>Ids.</b> Event {@code n}'s kind follows from its id's position in a cycle of {@code totalProportion} events
 * (the first {@code personProportion} are persons, the next {@code auctionProportion} auctions, the rest bids).
 * Person and auction ids count their own kind from {@value NexmarkConfig#FIRST_PERSON_ID} and {@value
 * NexmarkConfig#FIRST_AUCTION_ID} and are derived from the event id, so a bid names auctions and persons by the same
 * arithmetic that numbered them: the newest few mostly (hot auctions, bidders and sellers), or one of the recent
 * ones, up to {@link NexmarkConfig#idLead()} ahead of the newest.
 *
 * <p><b>Differences from nexmark-flink</b>, all deliberate: the random source is seeded per event (Beam's way;
 * nexmark-flink uses one unseeded {@code Random}); channel URLs are a fixed function of the channel number
 * (nexmark-flink draws them from unseeded randomness); bidder ids are offset by 1000 once (nexmark-flink adds the
 * offset twice); ids start at event 0, a person (nexmark-flink's source starts at 1, an auction).
 *
 * <p>Not thread-safe: an instance reuses one random generator and the records it fills. Use one per thread.
 */
public final class NexmarkGenerator {

    /** The three event kinds, each with its fields in the nexmark-flink DDL's order. */
    public enum Kind {
        PERSON("id", "name", "emailAddress", "creditCard", "city", "state", "dateTime", "extra"),
        AUCTION(
                "id",
                "itemName",
                "description",
                "initialBid",
                "reserve",
                "dateTime",
                "expires",
                "seller",
                "category",
                "extra"),
        BID("auction", "bidder", "price", "channel", "url", "dateTime", "extra");

        private final List<String> fieldNames;

        Kind(String... fieldNames) {
            this.fieldNames = List.of(fieldNames);
        }

        /** The field names, in the order {@link Event#longValue(int)} and {@link Event#stringValue(int)} use. */
        public List<String> fieldNames() {
            return fieldNames;
        }
    }

    /** Bids go to a hot auction: the first of the newest block of this many auctions. */
    private static final int HOT_AUCTION_BLOCK = 100;
    /** Hot bidders are the second person of the newest block of this many persons. */
    private static final int HOT_BIDDER_BLOCK = 100;
    /** Hot sellers are the first person of the newest block of this many persons. */
    private static final int HOT_SELLER_BLOCK = 100;

    private static final int NUM_CATEGORIES = 5;
    private static final int MIN_STRING_LENGTH = 3;
    private static final int HOT_CHANNELS_RATIO = 2;

    private static final byte[][] US_STATES = ascii("AZ", "CA", "ID", "OR", "WA", "WY");
    private static final byte[][] US_CITIES = ascii(
            "Phoenix",
            "Los Angeles",
            "San Francisco",
            "Boise",
            "Portland",
            "Bend",
            "Redmond",
            "Seattle",
            "Kent",
            "Cheyenne");
    private static final byte[][] FIRST_NAMES =
            ascii("Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter");
    private static final byte[][] LAST_NAMES =
            ascii("Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris");
    private static final byte[] AT = ascii("@")[0];
    private static final byte[] DOT_COM = ascii(".com")[0];

    private final NexmarkConfig config;
    private final JdkRandom random = new JdkRandom();

    public NexmarkGenerator(NexmarkConfig config) {
        this.config = config;
    }

    public NexmarkConfig config() {
        return config;
    }

    /** The id of event number {@code eventNumber} (see {@link NexmarkConfig#eventId(long)}). */
    public long eventId(long eventNumber) {
        return config.eventId(eventNumber);
    }

    /** The kind of event number {@code eventNumber}. */
    public Kind kind(long eventNumber) {
        return kindOfId(config.eventId(eventNumber));
    }

    /** The kind of the event with id {@code eventId}. */
    public Kind kindOfId(long eventId) {
        long rem = eventId % config.totalProportion();
        if (rem < config.personProportion()) {
            return Kind.PERSON;
        }
        return rem < config.personProportion() + config.auctionProportion() ? Kind.AUCTION : Kind.BID;
    }

    /** The event time of event number {@code eventNumber}, epoch milliseconds. */
    public long timestamp(long eventNumber) {
        return config.timestampForEvent(config.eventId(eventNumber));
    }

    /** Fills {@code out} with event number {@code eventNumber}, which must be of {@code out}'s kind. */
    public void generate(long eventNumber, Event out) {
        long id = config.eventId(eventNumber);
        Kind kind = kindOfId(id);
        if (kind != out.kind()) {
            throw new IllegalArgumentException(
                    "event " + eventNumber + " (id " + id + ") is a " + kind + ", not a " + out.kind());
        }
        long timestamp = config.timestampForEvent(id);
        random.reseed(id);
        switch (kind) {
            case PERSON:
                fillPerson(id, timestamp, (Person) out);
                break;
            case AUCTION:
                fillAuction(id, timestamp, (Auction) out);
                break;
            default:
                fillBid(id, timestamp, (Bid) out);
        }
    }

    /** Fills {@code out} with event number {@code eventNumber}, a person. */
    public void person(long eventNumber, Person out) {
        generate(eventNumber, out);
    }

    /** Fills {@code out} with event number {@code eventNumber}, an auction. */
    public void auction(long eventNumber, Auction out) {
        generate(eventNumber, out);
    }

    /** Fills {@code out} with event number {@code eventNumber}, a bid. */
    public void bid(long eventNumber, Bid out) {
        generate(eventNumber, out);
    }

    // ---- persons ----------------------------------------------------------------------------------------------

    private void fillPerson(long eventId, long timestamp, Person p) {
        p.id = lastBase0PersonId(eventId) + NexmarkConfig.FIRST_PERSON_ID;
        p.name.clear();
        p.name.append(FIRST_NAMES[random.nextInt(FIRST_NAMES.length)]);
        p.name.append(' ');
        p.name.append(LAST_NAMES[random.nextInt(LAST_NAMES.length)]);
        p.emailAddress.clear();
        appendString(p.emailAddress, 7, ' ');
        p.emailAddress.append(AT);
        appendString(p.emailAddress, 5, ' ');
        p.emailAddress.append(DOT_COM);
        p.creditCard.clear();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                p.creditCard.append(' ');
            }
            p.creditCard.appendFourDigits(random.nextInt(10000));
        }
        p.city.clear();
        p.city.append(US_CITIES[random.nextInt(US_CITIES.length)]);
        p.state.clear();
        p.state.append(US_STATES[random.nextInt(US_STATES.length)]);
        p.dateTime = timestamp;
        int currentSize = 8
                + p.name.length()
                + p.emailAddress.length()
                + p.creditCard.length()
                + p.city.length()
                + p.state.length();
        p.extra.clear();
        appendExtra(p.extra, currentSize, config.avgPersonByteSize());
    }

    /** The newest person id (base 0) at {@code eventId}: the event's own if it is a person. */
    long lastBase0PersonId(long eventId) {
        long epoch = eventId / config.totalProportion();
        long offset = eventId % config.totalProportion();
        if (offset >= config.personProportion()) {
            offset = config.personProportion() - 1;
        }
        return epoch * config.personProportion() + offset;
    }

    /** A random person among the active ones, up to the id lead ahead of the newest (base 0). */
    private long nextBase0PersonId(long eventId) {
        long numPeople = lastBase0PersonId(eventId) + 1;
        long activePeople = Math.min(numPeople, config.numActivePeople());
        long n = nextLong(activePeople + config.idLead());
        return numPeople - activePeople + n;
    }

    // ---- auctions ---------------------------------------------------------------------------------------------

    private void fillAuction(long eventId, long timestamp, Auction a) {
        a.id = lastBase0AuctionId(eventId) + NexmarkConfig.FIRST_AUCTION_ID;
        long seller;
        if (random.nextInt(config.hotSellersRatio()) > 0) {
            seller = (lastBase0PersonId(eventId) / HOT_SELLER_BLOCK) * HOT_SELLER_BLOCK;
        } else {
            seller = nextBase0PersonId(eventId);
        }
        a.seller = seller + NexmarkConfig.FIRST_PERSON_ID;
        a.category = NexmarkConfig.FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES);
        a.initialBid = nextPrice();
        a.dateTime = timestamp;
        a.expires = timestamp + nextAuctionLengthMs(eventId, timestamp);
        a.itemName.clear();
        appendString(a.itemName, 20, ' ');
        a.description.clear();
        appendString(a.description, 100, ' ');
        a.reserve = a.initialBid + nextPrice();
        int currentSize = 8 + a.itemName.length() + a.description.length() + 8 + 8 + 8 + 8 + 8;
        a.extra.clear();
        appendExtra(a.extra, currentSize, config.avgAuctionByteSize());
    }

    /** The newest auction id (base 0) at {@code eventId}: the event's own if it is an auction. */
    long lastBase0AuctionId(long eventId) {
        long epoch = eventId / config.totalProportion();
        long offset = eventId % config.totalProportion();
        if (offset < config.personProportion()) {
            // a person: the newest auction is the last of the previous cycle
            epoch--;
            offset = config.auctionProportion() - 1;
        } else if (offset >= config.personProportion() + config.auctionProportion()) {
            // a bid: the newest auction is the last of this cycle
            offset = config.auctionProportion() - 1;
        } else {
            offset -= config.personProportion();
        }
        return epoch * config.auctionProportion() + offset;
    }

    /** A random auction among the in-flight ones, up to the id lead ahead of the newest (base 0). */
    private long nextBase0AuctionId(long eventId) {
        long maxAuction = lastBase0AuctionId(eventId);
        long minAuction = Math.max(maxAuction - config.numInFlightAuctions(), 0);
        return minAuction + nextLong(maxAuction - minAuction + 1 + config.idLead());
    }

    /** A random auction length whose average makes about {@code numInFlightAuctions} auctions open at a time. */
    private long nextAuctionLengthMs(long eventId, long timestamp) {
        long numEventsForAuctions =
                ((long) config.numInFlightAuctions() * config.totalProportion()) / config.auctionProportion();
        long futureAuction = config.timestampForEvent(eventId + numEventsForAuctions);
        long horizonMs = futureAuction - timestamp;
        return 1L + nextLong(Math.max(horizonMs * 2, 1L));
    }

    // ---- bids -------------------------------------------------------------------------------------------------

    private void fillBid(long eventId, long timestamp, Bid b) {
        long auction;
        if (random.nextInt(config.hotAuctionRatio()) > 0) {
            auction = (lastBase0AuctionId(eventId) / HOT_AUCTION_BLOCK) * HOT_AUCTION_BLOCK;
        } else {
            auction = nextBase0AuctionId(eventId);
        }
        b.auction = auction + NexmarkConfig.FIRST_AUCTION_ID;
        long bidder;
        if (random.nextInt(config.hotBiddersRatio()) > 0) {
            // the second person of the block, so that hot bidders and hot sellers differ; never beyond the lead
            long newest = lastBase0PersonId(eventId);
            bidder = Math.min((newest / HOT_BIDDER_BLOCK) * HOT_BIDDER_BLOCK + 1, newest + config.idLead());
        } else {
            bidder = nextBase0PersonId(eventId);
        }
        b.bidder = bidder + NexmarkConfig.FIRST_PERSON_ID;
        b.price = nextPrice();
        b.channel.clear();
        b.url.clear();
        if (random.nextInt(HOT_CHANNELS_RATIO) > 0) {
            int i = random.nextInt(Channels.HOT_CHANNELS);
            b.channel.append(Channels.hotName(i));
            b.url.append(Channels.hotUrl(i));
        } else {
            int channel = random.nextInt(Channels.CHANNELS);
            b.channel.append(Channels.name(channel));
            b.url.append(Channels.url(channel));
        }
        b.dateTime = timestamp;
        b.extra.clear();
        appendExtra(b.extra, 8 + 8 + 8 + 8, config.avgBidByteSize());
    }

    // ---- values -----------------------------------------------------------------------------------------------

    /** A random value in {@code [0, n)}, as the reference's {@code LongGenerator} draws it. */
    private long nextLong(long n) {
        if (n < Integer.MAX_VALUE) {
            return random.nextInt((int) n);
        }
        return Math.abs(random.nextLong() % n); // skewed, as in the reference
    }

    /** A price in cents, log-uniform between 1.00 and 1 000 000.00. */
    private long nextPrice() {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    /**
     * Appends a random string of 3 to {@code maxLength - 1} characters: lower-case letters, and {@code special}
     * with probability 1/13, then trims the appended part as {@link String#trim()} would.
     */
    private void appendString(AsciiString out, int maxLength, char special) {
        appendString(random, out, maxLength, special);
    }

    static void appendString(JdkRandom random, AsciiString out, int maxLength, char special) {
        int from = out.length();
        int len = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
        while (len-- > 0) {
            if (random.nextInt(13) == 0) {
                out.append(special);
            } else {
                out.append((char) ('a' + random.nextInt(26)));
            }
        }
        out.trimFrom(from);
    }

    /**
     * Appends a string whose length makes {@code currentSize} plus it average {@code desiredAverageSize} (±20 %):
     * six characters per random int, as the reference, including its characters from {@code 'H'} to {@code '`'}
     * that come from negative ints.
     */
    private void appendExtra(AsciiString out, int currentSize, int desiredAverageSize) {
        if (currentSize > desiredAverageSize) {
            return;
        }
        int desired = desiredAverageSize - currentSize;
        int delta = (int) Math.round(desired * 0.2);
        int length = desired - delta + (delta == 0 ? 0 : random.nextInt(2 * delta));
        int rnd = 0;
        int n = 0;
        while (length-- > 0) {
            if (n == 0) {
                rnd = random.nextInt();
                n = 6;
            }
            out.append((char) ('a' + rnd % 26));
            rnd /= 26;
            n--;
        }
    }

    static byte[][] ascii(String... values) {
        byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = values[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }

    // ---- records ----------------------------------------------------------------------------------------------

    /**
     * A reusable event record that the generator fills. Fields are public for speed; text fields are {@link
     * AsciiString}s the record owns. Values change with every fill.
     */
    public abstract static class Event {

        Event() {}

        public abstract Kind kind();

        /**
         * The value of the BIGINT or TIMESTAMP (epoch milliseconds) field at {@code field}, an index into {@link
         * Kind#fieldNames()}.
         *
         * @throws IllegalArgumentException for a text field
         */
        public abstract long longValue(int field);

        /**
         * The value of the text field at {@code field}, an index into {@link Kind#fieldNames()}.
         *
         * @throws IllegalArgumentException for a BIGINT or TIMESTAMP field
         */
        public abstract AsciiString stringValue(int field);

        IllegalArgumentException notA(String what, int field) {
            return new IllegalArgumentException(kind() + " field " + field + " is not a " + what);
        }
    }

    /** A new person. */
    public static final class Person extends Event {
        public long id;
        public final AsciiString name = new AsciiString();
        public final AsciiString emailAddress = new AsciiString();
        public final AsciiString creditCard = new AsciiString();
        public final AsciiString city = new AsciiString();
        public final AsciiString state = new AsciiString();
        /** Epoch milliseconds. */
        public long dateTime;

        public final AsciiString extra = new AsciiString();

        @Override
        public Kind kind() {
            return Kind.PERSON;
        }

        @Override
        public long longValue(int field) {
            switch (field) {
                case 0:
                    return id;
                case 6:
                    return dateTime;
                default:
                    throw notA("number or timestamp", field);
            }
        }

        @Override
        public AsciiString stringValue(int field) {
            switch (field) {
                case 1:
                    return name;
                case 2:
                    return emailAddress;
                case 3:
                    return creditCard;
                case 4:
                    return city;
                case 5:
                    return state;
                case 7:
                    return extra;
                default:
                    throw notA("string", field);
            }
        }
    }

    /** A new auction. */
    public static final class Auction extends Event {
        public long id;
        public final AsciiString itemName = new AsciiString();
        public final AsciiString description = new AsciiString();
        public long initialBid;
        public long reserve;
        /** Epoch milliseconds. */
        public long dateTime;
        /** Epoch milliseconds. */
        public long expires;

        public long seller;
        public long category;
        public final AsciiString extra = new AsciiString();

        @Override
        public Kind kind() {
            return Kind.AUCTION;
        }

        @Override
        public long longValue(int field) {
            switch (field) {
                case 0:
                    return id;
                case 3:
                    return initialBid;
                case 4:
                    return reserve;
                case 5:
                    return dateTime;
                case 6:
                    return expires;
                case 7:
                    return seller;
                case 8:
                    return category;
                default:
                    throw notA("number or timestamp", field);
            }
        }

        @Override
        public AsciiString stringValue(int field) {
            switch (field) {
                case 1:
                    return itemName;
                case 2:
                    return description;
                case 9:
                    return extra;
                default:
                    throw notA("string", field);
            }
        }
    }

    /** A bid on an auction. */
    public static final class Bid extends Event {
        public long auction;
        public long bidder;
        public long price;
        public final AsciiString channel = new AsciiString();
        public final AsciiString url = new AsciiString();
        /** Epoch milliseconds. */
        public long dateTime;

        public final AsciiString extra = new AsciiString();

        @Override
        public Kind kind() {
            return Kind.BID;
        }

        @Override
        public long longValue(int field) {
            switch (field) {
                case 0:
                    return auction;
                case 1:
                    return bidder;
                case 2:
                    return price;
                case 5:
                    return dateTime;
                default:
                    throw notA("number or timestamp", field);
            }
        }

        @Override
        public AsciiString stringValue(int field) {
            switch (field) {
                case 3:
                    return channel;
                case 4:
                    return url;
                case 6:
                    return extra;
                default:
                    throw notA("string", field);
            }
        }
    }
}
