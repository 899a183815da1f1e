package io.sabot.connector.nexmark.internal;

import static io.sabot.connector.nexmark.internal.TestRuntime.AUCTION;
import static io.sabot.connector.nexmark.internal.TestRuntime.BID;
import static io.sabot.connector.nexmark.internal.TestRuntime.BIGINT;
import static io.sabot.connector.nexmark.internal.TestRuntime.PERSON;
import static io.sabot.connector.nexmark.internal.TestRuntime.STRING;
import static io.sabot.connector.nexmark.internal.TestRuntime.TIMESTAMP_3;
import static io.sabot.connector.nexmark.internal.TestRuntime.all;
import static io.sabot.connector.nexmark.internal.TestRuntime.runBounded;
import static io.sabot.connector.nexmark.internal.TestRuntime.with;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.nexmark.internal.NexmarkGenerator.Kind;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.Boundedness;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** End to end through the factory: enumerator, readers, Arrow batches, as the runtime drives them. */
public class NexmarkSourceTest {

    static final String[] FAST = {
        "max-emit-speed", "true",
        "base-time", "2024-01-01 00:00:00"
    };

    static final long BASE =
            LocalDateTime.parse("2024-01-01T00:00:00").toInstant(ZoneOffset.UTC).toEpochMilli();

    private static long millis(Object timestamp) {
        return ((LocalDateTime) timestamp).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    public void threeTablesOverOneConfigurationAreConsistentAcrossTwoSubtasks() throws Exception {
        String[] options = with(FAST, "events.num", "50000");
        List<List<List<Object>>> persons =
                runBounded(TestRuntime.table(PERSON, 2, with(options, "table", "person")), 256);
        List<List<List<Object>>> auctions =
                runBounded(TestRuntime.table(AUCTION, 2, with(options, "table", "auction")), 256);
        List<List<List<Object>>> bids = runBounded(TestRuntime.table(BID, 2, with(options, "table", "bid")), 256);

        // the proportions, exactly, and both subtasks took part
        assertEquals(1000, all(persons).size());
        assertEquals(3000, all(auctions).size());
        assertEquals(46_000, all(bids).size());
        for (List<List<List<Object>>> table : List.of(persons, auctions, bids)) {
            assertEquals(all(table).size() / 2, table.get(0).size());
            assertEquals(all(table).size() / 2, table.get(1).size());
        }

        // no gaps, no duplicates: person and auction ids are exactly 1000, 1001, …
        List<Long> personIds =
                all(persons).stream().map(r -> (Long) r.get(0)).sorted().collect(Collectors.toList());
        List<Long> auctionIds =
                all(auctions).stream().map(r -> (Long) r.get(0)).sorted().collect(Collectors.toList());
        for (int i = 0; i < 1000; i++) {
            assertEquals(Long.valueOf(1000 + i), personIds.get(i));
        }
        for (int i = 0; i < 3000; i++) {
            assertEquals(Long.valueOf(1000 + i), auctionIds.get(i));
        }

        // every bid's timestamp is its own event's: with 0.1 ms between events, at most 10 per millisecond
        List<Long> bidTimes =
                all(bids).stream().map(r -> millis(r.get(5))).sorted().collect(Collectors.toList());
        assertEquals(BASE, (long) bidTimes.get(0));
        assertEquals(BASE + 4999, (long) bidTimes.get(bidTimes.size() - 1));

        // the bids of both subtasks are exactly the generator's bids of events 0 … 49 999
        Map<List<Object>, Integer> expected = new HashMap<>();
        NexmarkGenerator generator = new NexmarkGenerator(
                NexmarkConfig.builder().baseTime(BASE).maxEvents(50_000).build());
        NexmarkGenerator.Bid bid = new NexmarkGenerator.Bid();
        for (long n = 0; n < 50_000; n++) {
            if (generator.kind(n) == Kind.BID) {
                generator.bid(n, bid);
                List<Object> row = new ArrayList<>(NexmarkGeneratorTest.row(bid));
                row.set(
                        5,
                        LocalDateTime.ofEpochSecond(
                                bid.dateTime / 1000, (int) (bid.dateTime % 1000) * 1_000_000, ZoneOffset.UTC));
                expected.merge(row, 1, Integer::sum);
            }
        }
        Map<List<Object>, Integer> actual = new HashMap<>();
        all(bids).forEach(row -> actual.merge(row, 1, Integer::sum));
        assertEquals(expected, actual);

        // bids name auctions and persons of the other two tables (up to the reference's lead of 10 ahead)
        Set<Long> persons1 = new HashSet<>(personIds);
        Set<Long> auctions1 = new HashSet<>(auctionIds);
        long unknown = 0;
        for (List<Object> row : all(bids)) {
            long auction = (Long) row.get(0);
            long bidder = (Long) row.get(1);
            assertTrue("auction " + auction, auction >= 1000 && auction < 3000 + 1000 + 10);
            assertTrue("bidder " + bidder, bidder >= 1000 && bidder < 1000 + 1000 + 10);
            unknown += auctions1.contains(auction) && persons1.contains(bidder) ? 0 : 1;
        }
        assertTrue("only bids at the very end name an auction or person beyond the bound: " + unknown, unknown < 100);
    }

    @Test
    public void theSameOptionsGiveTheSameRowsAtAnyParallelismAndBatchSize() throws Exception {
        String[] options = with(FAST, "events.num", "20000", "table", "auction", "out-of-order-group-size", "7");
        List<List<Object>> one = all(runBounded(TestRuntime.table(AUCTION, 1, options), 1024));
        List<List<Object>> again = all(runBounded(TestRuntime.table(AUCTION, 1, options), 1024));
        List<List<Object>> three = all(runBounded(TestRuntime.table(AUCTION, 3, options), 100));
        assertEquals(1200, one.size());
        assertEquals(one, again);
        Comparator<List<Object>> byId = Comparator.comparing(r -> (Long) r.get(0));
        List<List<Object>> sorted = new ArrayList<>(one);
        sorted.sort(byId);
        three.sort(byId);
        assertEquals(sorted, three);
    }

    @Test
    public void rowsAreTheGeneratorsValuesInTheTablesColumnOrder() throws Exception {
        // a subset of the bid fields, in another order and other letter case, TIMESTAMP_LTZ for the time
        Schema schema = TestRuntime.schema(
                "DATETIME", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"), "price", BIGINT, "Channel", STRING);
        List<List<Object>> rows =
                all(runBounded(TestRuntime.table(schema, 1, with(FAST, "events.num", "500", "table", "bid")), 64));
        assertEquals(460, rows.size());
        NexmarkGenerator generator = new NexmarkGenerator(
                NexmarkConfig.builder().baseTime(BASE).maxEvents(500).build());
        NexmarkGenerator.Bid bid = new NexmarkGenerator.Bid();
        int row = 0;
        for (long n = 0; n < 500; n++) {
            if (generator.kind(n) == Kind.BID) {
                generator.bid(n, bid);
                assertEquals(List.of(bid.dateTime, bid.price, bid.channel.toString()), rows.get(row++));
            }
        }
    }

    @Test
    public void anUnboundedSourceKeepsGenerating() throws Exception {
        TableContext table = TestRuntime.table(PERSON, 1, with(FAST, "table", "person"));
        NexmarkSource source = TestRuntime.source(table);
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, source.boundedness());
        TableContext zero = TestRuntime.table(PERSON, 1, with(FAST, "table", "person", "events.num", "0"));
        assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, TestRuntime.source(zero).boundedness());
        try (TestRuntime runtime = new TestRuntime()) {
            SourceReader<NexmarkSplit> reader = runtime.reader(source, table, 0, 500);
            TestRuntime.EnumeratorContext enumContext = new TestRuntime.EnumeratorContext(1);
            TestRuntime.assign(source.createEnumerator(enumContext), enumContext, List.of(reader));
            TestRuntime.Output output = runtime.output();
            for (int i = 0; i < 20; i++) {
                assertEquals(InputStatus.MORE_AVAILABLE, reader.pollNext(output));
            }
            assertEquals(20 * 500, output.rows.size());
            assertEquals(
                    1000L + 20 * 500 - 1,
                    output.rows.get(output.rows.size() - 1).get(0));
            // the 10 000th person is event 499 950; the split stands right after it
            assertEquals(499_951L, reader.snapshotState(1).get(0).next());
        }
    }

    @Test
    public void withoutBaseTimeTheFirstEventIsNow() throws Exception {
        long before = System.currentTimeMillis();
        List<List<Object>> rows = all(runBounded(
                TestRuntime.table(PERSON, 1, "max-emit-speed", "true", "table", "person", "events.num", "100"), 10));
        long first = millis(rows.get(0).get(6));
        assertTrue(first >= before && first <= System.currentTimeMillis());
        assertEquals(first + 5, millis(rows.get(1).get(6)));
    }

    @Test
    public void splitsInterleaveWholeCyclesSoEverySubtaskSeesEveryKind() throws Exception {
        // parallelism 4, one person per cycle of 50: each subtask gets every fourth person
        List<List<List<Object>>> persons =
                runBounded(TestRuntime.table(PERSON, 4, with(FAST, "events.num", "2000", "table", "person")), 16);
        for (int s = 0; s < 4; s++) {
            Set<Long> ids = new TreeSet<>();
            persons.get(s).forEach(r -> ids.add((Long) r.get(0)));
            assertEquals(10, ids.size());
            for (long id : ids) {
                assertEquals("subtask " + s + " has person " + id, s, (id - 1000) % 4);
            }
        }
    }

    @Test
    public void aReaderWithoutSplitsWaitsForThem() throws Exception {
        TableContext table = TestRuntime.table(BID, 1, with(FAST, "events.num", "100", "table", "bid"));
        try (TestRuntime runtime = new TestRuntime()) {
            NexmarkSource source = TestRuntime.source(table);
            SourceReader<NexmarkSplit> reader = runtime.reader(source, table, 0, 100);
            TestRuntime.Output output = runtime.output();
            assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(output));
            assertTrue(!reader.isAvailable().isDone());
            reader.addSplits(NexmarkEnumerator.initialSplits(1, 50, 100, BASE));
            assertTrue(reader.isAvailable().isDone());
            reader.notifyNoMoreSplits();
            TestRuntime.runToEnd(reader, output);
            assertEquals(92, output.rows.size());
            assertEquals(InputStatus.END_OF_INPUT, reader.pollNext(output));
            assertTrue(reader.snapshotState(2).isEmpty());
        }
    }

    @Test
    public void timestampsAreEpochMillisecondsInTheTimestampColumns() throws Exception {
        Schema schema = TestRuntime.schema("dateTime", TIMESTAMP_3, "expires", TIMESTAMP_3, "id", BIGINT);
        List<List<Object>> rows = all(runBounded(
                TestRuntime.table(schema, 1, with(FAST, "events.num", "50", "table", "auction", "rate", "1000")), 8));
        assertEquals(3, rows.size());
        // event 1 at 1000 events per second is 1 ms after the base
        assertEquals(BASE + 1, millis(rows.get(0).get(0)));
        for (List<Object> row : rows) {
            assertTrue(millis(row.get(1)) > millis(row.get(0)));
        }
        assertNotNull(rows.get(2).get(2));
    }

    @Test
    public void theComponentIsRegisteredUnderTheFactoryIdentifier() throws Exception {
        String xml;
        try (var in = NexmarkSourceFactory.class
                .getClassLoader()
                .getResourceAsStream("OSGI-INF/" + NexmarkSourceFactory.class.getName() + ".xml")) {
            assertNotNull("bnd generated the component description", in);
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(xml, xml.contains("<provide interface=\"io.sabot.connector.spi.SourceFactory\"/>"));
        assertTrue(
                xml,
                xml.contains("name=\"" + io.sabot.connector.spi.Connectors.CONNECTOR_PROPERTY
                        + "\" type=\"String\" value=\"nexmark\""));
        assertEquals("nexmark", TestRuntime.FACTORY.identifier());
    }

    @Test
    public void closingAReaderMidStreamLeavesNoArrowMemoryOutstanding() throws Exception {
        TableContext table = TestRuntime.table(AUCTION, 1, with(FAST, "table", "auction"));
        NexmarkSource source = TestRuntime.source(table);
        TestRuntime runtime = new TestRuntime();
        SourceReader<NexmarkSplit> reader = runtime.reader(source, table, 0, 333);
        reader.addSplits(NexmarkEnumerator.initialSplits(1, 50, NexmarkConfig.UNBOUNDED, BASE));
        TestRuntime.Output output = runtime.output();
        for (int i = 0; i < 5; i++) {
            reader.pollNext(output);
        }
        assertEquals(5 * 333, output.rows.size());
        // closes the unfinished reader, then asserts that its allocator and the output's hold zero bytes
        runtime.close();
    }

    @Test
    public void theGeneratorCoreNeedsNeitherOsgiNorArrow() throws Exception {
        // only this module's classes, over the JDK: what the benchmark harness has with the plain jar
        java.net.URL classes =
                NexmarkGenerator.class.getProtectionDomain().getCodeSource().getLocation();
        try (java.net.URLClassLoader loader =
                new java.net.URLClassLoader(new java.net.URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> configClass = loader.loadClass(NexmarkConfig.class.getName());
            Object builder = configClass.getMethod("builder").invoke(null);
            Object config = builder.getClass().getMethod("build").invoke(builder);
            Class<?> generatorClass = loader.loadClass(NexmarkGenerator.class.getName());
            Object generator = generatorClass.getConstructor(configClass).newInstance(config);
            Class<?> bidClass = loader.loadClass(NexmarkGenerator.Bid.class.getName());
            Object bid = bidClass.getConstructor().newInstance();
            generatorClass.getMethod("bid", long.class, bidClass).invoke(generator, 4L, bid);
            assertTrue((Long) bidClass.getField("auction").get(bid) >= 1000);
            assertTrue(bidClass.getField("url").get(bid).toString().startsWith("https://www.nexmark.com/"));
        }
    }
}
