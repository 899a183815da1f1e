package io.sabot.connector.nexmark.internal;

import static io.sabot.connector.nexmark.internal.TestRuntime.AUCTION;
import static io.sabot.connector.nexmark.internal.TestRuntime.BID;
import static io.sabot.connector.nexmark.internal.TestRuntime.BIGINT;
import static io.sabot.connector.nexmark.internal.TestRuntime.PERSON;
import static io.sabot.connector.nexmark.internal.TestRuntime.STRING;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidation;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.ValidationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** Option descriptors, the runtime's central validation of them, and the checks against the table's columns. */
public class NexmarkOptionsTest {

    private static ValidatedOptions valid(String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return TestRuntime.FACTORY
                .validate("connector 'nexmark' of table 'bids'", map)
                .orThrow();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue("'" + part + "' in: " + message, message.contains(part));
        }
    }

    @Test
    public void everyKeyIsValidAndDescribed() {
        assertEquals(16, TestRuntime.FACTORY.options().size());
        for (OptionDescriptor<?> option : TestRuntime.FACTORY.options()) {
            assertTrue(option.key(), OptionValidation.isValidKey(option.key()));
            assertFalse(option.key(), option.description().isEmpty());
            assertFalse(option.key(), option.isSecret());
        }
        assertTrue(NexmarkOptions.TABLE.isRequired());
        assertEquals(10_000L, (long) NexmarkOptions.FIRST_EVENT_RATE.defaultValue());
        assertEquals(List.of("rate"), NexmarkOptions.FIRST_EVENT_RATE.deprecatedKeyList());
        // the reference's defaults
        NexmarkConfig config = NexmarkSourceFactory.config(valid("table", "bid"), 0);
        NexmarkConfig reference = NexmarkConfig.builder().build();
        assertEquals(reference.toString(), config.toString());
        assertEquals(NexmarkConfig.UNBOUNDED, config.maxEvents());
        assertEquals(
                "1/3/46", config.personProportion() + "/" + config.auctionProportion() + "/" + config.bidProportion());
    }

    @Test
    public void optionsReachTheGeneratorConfiguration() {
        NexmarkConfig config = NexmarkSourceFactory.config(
                valid(
                        "table", "person",
                        "events.num", "123",
                        "first-event.rate", "5000",
                        "person.proportion", "2",
                        "auction.proportion", "4",
                        "bid.proportion", "44",
                        "bid.hot-ratio.auctions", "3",
                        "bid.hot-ratio.bidders", "5",
                        "auction.hot-ratio.sellers", "6",
                        "person.avg-size", "1kb",
                        "auction.avg-size", "600b",
                        "bid.avg-size", "150",
                        "out-of-order-group-size", "10",
                        "id.lead", "0"),
                42);
        assertEquals(123, config.maxEvents());
        assertEquals(5000, config.eventsPerSecond());
        assertEquals(50, config.totalProportion());
        assertEquals(2, config.personProportion());
        assertEquals(3, config.hotAuctionRatio());
        assertEquals(5, config.hotBiddersRatio());
        assertEquals(6, config.hotSellersRatio());
        assertEquals(1024, config.avgPersonByteSize());
        assertEquals(600, config.avgAuctionByteSize());
        assertEquals(150, config.avgBidByteSize());
        assertEquals(10, config.outOfOrderGroupSize());
        assertEquals(0, config.idLead());
        assertEquals(42, config.baseTime());
    }

    @Test
    public void baseTimeIsEpochMillisecondsOrAUtcTimestamp() {
        assertEquals(1_700_000_000_000L, NexmarkOptions.parseBaseTime("1700000000000"));
        assertEquals(1_704_067_200_000L, NexmarkOptions.parseBaseTime("2024-01-01"));
        assertEquals(1_704_067_200_000L, NexmarkOptions.parseBaseTime("2024-01-01 00:00:00"));
        assertEquals(1_704_067_200_123L, NexmarkOptions.parseBaseTime("2024-01-01T00:00:00.123Z"));
        assertEquals(-5, NexmarkOptions.parseBaseTime(" -5 "));
    }

    @Test
    public void invalidValuesAreAllReportedWithTheirKeys() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("table", "bids");
        options.put("events.num", "-1");
        options.put("first-event.rate", "0");
        options.put("person.proportion", "0");
        options.put("bid.hot-ratio.auctions", "0");
        options.put("out-of-order-group-size", "1906");
        options.put("base-time", "yesterday");
        options.put("bid.avg-size", "2 mb");
        options.put("max-emit-speed", "yes");
        options.put("events.nmu", "5");
        ValidationResult result = TestRuntime.FACTORY.validate("connector 'nexmark' of table 'bids'", options);
        assertFalse(result.isValid());
        Set<String> keys = result.errors().stream().map(OptionError::key).collect(Collectors.toSet());
        assertEquals(options.keySet(), keys);
        assertMentions(
                result.message(),
                "expected one of [bid, auction, person], got 'bids'",
                "option 'first-event.rate': must be positive, got '0'",
                "option 'out-of-order-group-size': must be between 1 and 1000000000 and not a multiple of 953",
                "option 'base-time': must be epoch milliseconds or a UTC timestamp",
                "unknown option 'events.nmu' (did you mean 'events.num'?)");

        ValidationResult missing = TestRuntime.FACTORY.validate("t", Map.of());
        assertEquals(
                List.of("table"),
                missing.errors().stream().map(OptionError::key).collect(Collectors.toList()));

        ValidationResult both =
                TestRuntime.FACTORY.validate("t", Map.of("table", "bid", "rate", "5", "first-event.rate", "6"));
        assertEquals(OptionError.Kind.CONFLICT, both.errors().get(0).kind());
        assertEquals(7L, (long) valid("table", "bid", "rate", "7").get(NexmarkOptions.FIRST_EVENT_RATE));
    }

    @Test
    public void everyColumnMustBeAFieldOfTheChosenStreamWithACompatibleType() {
        Schema schema = TestRuntime.schema(
                "auction",
                BIGINT,
                "PRICE",
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                "bidder",
                new ArrowType.Int(32, true),
                "seller",
                BIGINT,
                "dateTime",
                new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
                "extra",
                STRING);
        ValidatedOptions options = valid("table", "bid");
        List<OptionError> errors = TestRuntime.FACTORY.validateForTable(schema, options);
        assertEquals(4, errors.size());
        assertTrue(errors.stream().allMatch(e -> e.key().equals("table")));
        String all = errors.stream().map(OptionError::message).collect(Collectors.joining("\n"));
        assertMentions(
                all,
                "column 'PRICE' has type DOUBLE, but the nexmark bid field 'price' is a BIGINT",
                "column 'bidder' has type INT, but the nexmark bid field 'bidder' is a BIGINT",
                "column 'seller' is not a field of the nexmark bid stream, whose fields are auction BIGINT, bidder "
                        + "BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR",
                "column 'dateTime' has type TIMESTAMP(6), but the nexmark bid field 'dateTime' is a TIMESTAMP(3)");

        PluginException e = assertThrows(
                PluginException.class,
                () -> TestRuntime.FACTORY.createSource(TestRuntime.table(schema, 1, "table", "bid")));
        assertFalse("a configuration error is not retriable", e.isRetriable());
        assertMentions(e.getMessage(), "Invalid nexmark options for table 'bids'", "column 'PRICE'", "column 'seller'");

        // the DDLs of nexmark-flink fit their streams, and a subset in any order and letter case fits too
        assertTrue(TestRuntime.FACTORY.validateForTable(BID, options).isEmpty());
        assertTrue(TestRuntime.FACTORY
                .validateForTable(AUCTION, valid("table", "auction"))
                .isEmpty());
        assertTrue(TestRuntime.FACTORY
                .validateForTable(PERSON, valid("table", "person"))
                .isEmpty());
        assertTrue(TestRuntime.FACTORY
                .validateForTable(TestRuntime.schema("EXTRA", STRING, "Id", BIGINT), valid("table", "person"))
                .isEmpty());
        // a person table is not an auction table
        // a person table is not an auction table: name, emailAddress, creditCard, city and state are no auction fields
        assertEquals(
                5,
                TestRuntime.FACTORY
                        .validateForTable(PERSON, valid("table", "auction"))
                        .size());
        assertNotNull(TestRuntime.FACTORY.createSource(TestRuntime.table(BID, 1, "table", "bid")));
    }

    @Test
    public void aTableOfBidsWithoutBidsIsRefused() {
        List<OptionError> errors =
                TestRuntime.FACTORY.validateForTable(BID, valid("table", "bid", "bid.proportion", "0"));
        assertEquals(1, errors.size());
        assertEquals("bid.proportion", errors.get(0).key());
        assertTrue(TestRuntime.FACTORY
                .validateForTable(PERSON, valid("table", "person", "bid.proportion", "0"))
                .isEmpty());
    }
}
