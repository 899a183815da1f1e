package io.sabot.connector.nexmark.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.nexmark.internal.NexmarkGenerator.Auction;
import io.sabot.connector.nexmark.internal.NexmarkGenerator.Bid;
import io.sabot.connector.nexmark.internal.NexmarkGenerator.Event;
import io.sabot.connector.nexmark.internal.NexmarkGenerator.Kind;
import io.sabot.connector.nexmark.internal.NexmarkGenerator.Person;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;

/** The generator core, without OSGi or Arrow: what the connector and the benchmark harness share. */
public class NexmarkGeneratorTest {

    private static final NexmarkConfig DEFAULTS =
            NexmarkConfig.builder().baseTime(1_700_000_000_000L).build();

    static Event newRecord(Kind kind) {
        return kind == Kind.PERSON ? new Person() : kind == Kind.AUCTION ? new Auction() : new Bid();
    }

    /** The event as a row of its fields, in DDL order, timestamps as epoch millis. */
    static List<Object> row(Event event) {
        List<Object> row = new ArrayList<>();
        List<TablePlan.ValueType> types = TablePlan.types(event.kind());
        for (int f = 0; f < types.size(); f++) {
            row.add(
                    types.get(f) == TablePlan.ValueType.VARCHAR
                            ? event.stringValue(f).toString()
                            : (Object) event.longValue(f));
        }
        return row;
    }

    static List<Object> generate(NexmarkGenerator generator, long eventNumber) {
        Event event = newRecord(generator.kind(eventNumber));
        generator.generate(eventNumber, event);
        return row(event);
    }

    @Test
    public void proportionsAreExactOverFiftyThousandEvents() {
        NexmarkGenerator generator = new NexmarkGenerator(DEFAULTS);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (long n = 0; n < 50_000; n++) {
            counts.merge(generator.kind(n), 1, Integer::sum);
        }
        assertEquals(Map.of(Kind.PERSON, 1000, Kind.AUCTION, 3000, Kind.BID, 46_000), counts);
        // every cycle of 50 is one person, then three auctions, then 46 bids
        assertEquals(Kind.PERSON, generator.kind(0));
        assertEquals(Kind.AUCTION, generator.kind(1));
        assertEquals(Kind.AUCTION, generator.kind(3));
        assertEquals(Kind.BID, generator.kind(4));
        assertEquals(Kind.BID, generator.kind(49));
        assertEquals(Kind.PERSON, generator.kind(50));

        NexmarkGenerator custom = new NexmarkGenerator(
                NexmarkConfig.builder().proportions(2, 6, 12).build());
        counts.clear();
        for (long n = 0; n < 50_000; n++) {
            counts.merge(custom.kind(n), 1, Integer::sum);
        }
        assertEquals(Map.of(Kind.PERSON, 5000, Kind.AUCTION, 15_000, Kind.BID, 30_000), counts);
    }

    @Test
    public void personAndAuctionIdsCountTheirKindFromOneThousand() {
        NexmarkGenerator generator = new NexmarkGenerator(DEFAULTS);
        Person person = new Person();
        Auction auction = new Auction();
        long nextPerson = 1000;
        long nextAuction = 1000;
        for (long n = 0; n < 20_000; n++) {
            Kind kind = generator.kind(n);
            if (kind == Kind.PERSON) {
                generator.person(n, person);
                assertEquals(nextPerson++, person.id);
            } else if (kind == Kind.AUCTION) {
                generator.auction(n, auction);
                assertEquals(nextAuction++, auction.id);
            }
        }
        assertEquals(1400, nextPerson);
        assertEquals(2200, nextAuction);
    }

    /** Walks the events in order, checking each reference against the newest person and auction so far. */
    private static void assertReferencesAtMost(NexmarkConfig config, long events, int lead) {
        NexmarkGenerator generator = new NexmarkGenerator(config);
        Person person = new Person();
        Auction auction = new Auction();
        Bid bid = new Bid();
        long newestPerson = -1;
        long newestAuction = -1;
        int bids = 0;
        for (long n = 0; n < events; n++) {
            switch (generator.kind(n)) {
                case PERSON:
                    generator.person(n, person);
                    newestPerson = person.id;
                    break;
                case AUCTION:
                    generator.auction(n, auction);
                    newestAuction = auction.id;
                    assertTrue("seller " + auction.seller + " at event " + n, auction.seller >= 1000);
                    assertTrue(
                            "seller " + auction.seller + " at event " + n + ", newest person " + newestPerson,
                            auction.seller <= newestPerson + lead);
                    break;
                default:
                    generator.bid(n, bid);
                    bids++;
                    assertTrue("auction " + bid.auction + " at event " + n, bid.auction >= 1000);
                    assertTrue(
                            "auction " + bid.auction + " at event " + n + ", newest auction " + newestAuction,
                            bid.auction <= newestAuction + lead);
                    assertTrue("bidder " + bid.bidder + " at event " + n, bid.bidder >= 1000);
                    assertTrue(
                            "bidder " + bid.bidder + " at event " + n + ", newest person " + newestPerson,
                            bid.bidder <= newestPerson + lead);
            }
        }
        assertTrue(bids > 0);
    }

    @Test
    public void withIdLeadZeroEveryBidNamesAnAuctionAndAPersonAlreadyGenerated() {
        assertReferencesAtMost(DEFAULTS.toBuilder().idLead(0).build(), 200_000, 0);
        // more sellers and bidders drawn at random, fewer persons and auctions to draw from
        assertReferencesAtMost(
                DEFAULTS.toBuilder()
                        .idLead(0)
                        .hotRatios(1, 1, 1)
                        .proportions(1, 1, 98)
                        .build(),
                50_000,
                0);
    }

    @Test
    public void withTheReferenceLeadReferencesRunAtMostTenAhead() {
        assertEquals(10, DEFAULTS.idLead());
        assertReferencesAtMost(DEFAULTS, 200_000, 10);
    }

    @Test
    public void theSameConfigurationMakesTheSameEventsInAnyOrderAndInstance() {
        NexmarkGenerator first = new NexmarkGenerator(DEFAULTS);
        NexmarkGenerator second = new NexmarkGenerator(DEFAULTS.toBuilder().build());
        List<List<Object>> forward = new ArrayList<>();
        for (long n = 0; n < 5000; n++) {
            forward.add(generate(first, n));
        }
        for (long n = 4999; n >= 0; n--) {
            assertEquals("event " + n, forward.get((int) n), generate(second, n));
        }
        // another base time moves the timestamps only
        NexmarkGenerator later = new NexmarkGenerator(
                DEFAULTS.toBuilder().baseTime(1_700_000_060_000L).build());
        List<Object> bid = generate(later, 4);
        List<Object> expected = new ArrayList<>(forward.get(4));
        expected.set(5, (Long) expected.get(5) + 60_000);
        assertEquals(expected, bid);
    }

    @Test
    public void valuesFollowTheReferenceAlgorithmsDrawForDraw() {
        for (NexmarkConfig config : List.of(
                DEFAULTS,
                DEFAULTS.toBuilder()
                        .proportions(3, 5, 7)
                        .eventsPerSecond(777)
                        .hotRatios(3, 1, 7)
                        .averageSizes(300, 10, 1000)
                        .outOfOrderGroupSize(17)
                        .idLead(2)
                        .build())) {
            NexmarkGenerator generator = new NexmarkGenerator(config);
            ReferenceModel reference = new ReferenceModel(config);
            for (long n = 0; n < 30_000; n++) {
                assertEquals("event " + n + " of " + config, reference.event(n), generate(generator, n));
            }
            // far into an unbounded run
            for (long n = 10_000_000_000L; n < 10_000_001_000L; n++) {
                assertEquals("event " + n + " of " + config, reference.event(n), generate(generator, n));
            }
        }
    }

    @Test
    public void valuesLookLikeTheReferences() {
        NexmarkGenerator generator = new NexmarkGenerator(DEFAULTS);
        Person person = new Person();
        generator.person(0, person);
        assertEquals(1000, person.id);
        assertTrue(person.name.toString(), person.name.toString().matches("[A-Z][a-z]+ [A-Z][a-z]+"));
        assertTrue(
                person.emailAddress.toString(), person.emailAddress.toString().matches("[a-z ]+@[a-z ]+\\.com"));
        assertTrue(person.creditCard.toString(), person.creditCard.toString().matches("\\d{4} \\d{4} \\d{4} \\d{4}"));
        assertEquals(1_700_000_000_000L, person.dateTime);
        Bid bid = new Bid();
        long urls = 0;
        long totalBytes = 0;
        for (long n = 4; n < 50_000; n += 50) {
            generator.bid(n, bid);
            assertTrue(bid.price >= 100 && bid.price <= 100_000_000);
            assertTrue(bid.url.toString(), bid.url.toString().startsWith("https://www.nexmark.com/"));
            assertTrue(
                    bid.channel.toString(),
                    bid.channel.toString().matches("Google|Facebook|Baidu|Apple|channel-\\d{1,4}"));
            urls += bid.url.toString().contains("&channel_id=") ? 1 : 0;
            totalBytes += 32 + bid.extra.length();
        }
        assertTrue("channel ids on most numbered channels", urls > 300);
        // the extra field pads bids to 100 bytes on average
        double average = totalBytes / 1000.0;
        assertTrue("average bid size " + average, average > 95 && average < 105);
        // 10 000 events per second: 0.1 ms apart
        assertEquals(1_700_000_000_000L + 4, generator.timestamp(40));
        assertEquals(1_700_000_001_000L, generator.timestamp(10_000));
    }

    @Test
    public void outOfOrderGroupsShuffleIdsWithinEachGroupOnly() {
        NexmarkConfig config =
                DEFAULTS.toBuilder().outOfOrderGroupSize(100).maxEvents(1050).build();
        NexmarkGenerator generator = new NexmarkGenerator(config);
        BitSet ids = new BitSet();
        boolean shuffled = false;
        for (long n = 0; n < 1050; n++) {
            long id = generator.eventId(n);
            assertEquals("event " + n + " stays in its group", n / 100, id / 100);
            assertTrue("id " + id + " twice", !ids.get((int) id));
            ids.set((int) id);
            shuffled |= id != n;
            assertEquals(config.timestampForEvent(id), generator.timestamp(n));
        }
        assertTrue(shuffled);
        assertEquals(1050, ids.cardinality());
        // the last group, cut short by maxEvents, keeps its order: no id beyond the bound, none missing
        for (long n = 1000; n < 1050; n++) {
            assertEquals(n, generator.eventId(n));
        }
        assertEquals(953 * 3 % 100 + 200, generator.eventId(203));
    }

    @Test
    public void invalidParametersAreRefusedByName() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> NexmarkConfig.builder().outOfOrderGroupSize(1906));
        assertTrue(e.getMessage(), e.getMessage().contains("953"));
        assertThrows(
                IllegalArgumentException.class, () -> NexmarkConfig.builder().proportions(0, 3, 46));
        assertThrows(
                IllegalArgumentException.class, () -> NexmarkConfig.builder().eventsPerSecond(0));
        assertThrows(
                IllegalArgumentException.class, () -> NexmarkConfig.builder().hotRatios(0, 1, 1));
        NexmarkGenerator generator = new NexmarkGenerator(DEFAULTS);
        IllegalArgumentException wrongKind =
                assertThrows(IllegalArgumentException.class, () -> generator.bid(0, new Bid()));
        assertTrue(wrongKind.getMessage(), wrongKind.getMessage().contains("is a PERSON, not a BID"));
    }

    @Test
    public void jdkRandomDrawsWhatJavaUtilRandomDraws() {
        JdkRandom mine = new JdkRandom();
        Random seeds = new Random(42);
        for (int s = 0; s < 2000; s++) {
            long seed = s < 1000 ? s : seeds.nextLong();
            Random reference = new Random(seed);
            mine.reseed(seed);
            for (int i = 0; i < 20; i++) {
                int bound = 1 + (i * 7919) % 1_000_003;
                assertEquals(reference.nextInt(bound), mine.nextInt(bound));
                assertEquals(reference.nextInt(), mine.nextInt());
                assertEquals(reference.nextInt(1 << (i % 31)), mine.nextInt(1 << (i % 31)));
                assertEquals(reference.nextLong(), mine.nextLong());
                assertEquals(
                        Double.doubleToLongBits(reference.nextDouble()), Double.doubleToLongBits(mine.nextDouble()));
                assertEquals(reference.nextInt(Integer.MAX_VALUE), mine.nextInt(Integer.MAX_VALUE));
            }
        }
    }

    @Test
    public void asciiStringsTrimAndFormatLikeStrings() {
        AsciiString s = new AsciiString();
        s.append("ab".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int from = s.length();
        for (char c : "  x y  ".toCharArray()) {
            s.append(c);
        }
        s.trimFrom(from);
        assertEquals("abx y", s.toString());
        s.clear();
        s.append(0L);
        s.append(' ');
        s.append(-1234567890123L);
        s.append(' ');
        s.append(Long.MIN_VALUE);
        s.append(' ');
        s.appendFourDigits(7);
        String expected = "0 -1234567890123 " + Long.MIN_VALUE + " 0007";
        assertEquals(expected, s.toString());
        assertTrue(s.contentEquals(expected));
        assertNotEquals("0", s.toString());
        for (int i = 0; i < 1000; i++) {
            s.append('z');
        }
        assertEquals(1000 + expected.length(), s.length());
    }
}
