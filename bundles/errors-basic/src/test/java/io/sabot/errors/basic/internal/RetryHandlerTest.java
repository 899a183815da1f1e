package io.sabot.errors.basic.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorType;
import io.sabot.errors.spi.Failure;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidationResult;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/**
 * The {@code retry} handler's back-off: the delay doubles with each attempt from {@code delay}, stops growing at
 * {@code max-delay} (also for attempt numbers whose doubling would overflow), is spread by at most {@code ±jitter}
 * and never exceeds the cap; the handler retries retriable failures {@code max-retries} times and passes the rest;
 * bad options are refused naming the key.
 */
public class RetryHandlerTest {

    private static final RetryHandlerFactory FACTORY = new RetryHandlerFactory();
    private static final Duration MS_100 = Duration.ofMillis(100);
    private static final Duration S_1 = Duration.ofSeconds(1);

    @Test
    public void theDelayDoublesUpToTheCap() {
        long[] expected = {100, 200, 400, 800, 1000, 1000};
        for (int attempt = 1; attempt <= expected.length; attempt++) {
            // random 0.5 is the middle of the jitter range: no spread
            assertEquals(
                    "attempt " + attempt,
                    expected[attempt - 1],
                    RetryHandlerFactory.backoff(attempt, MS_100, S_1, 0.2, 0.5).toMillis());
            assertEquals(
                    "attempt " + attempt + " without jitter",
                    expected[attempt - 1],
                    RetryHandlerFactory.backoff(attempt, MS_100, S_1, 0, 0.99).toMillis());
        }
        // shifts that would overflow a long stay at the cap instead of wrapping to a short or negative delay
        for (int attempt : new int[] {40, 62, 63, 64, 1000, Integer.MAX_VALUE}) {
            assertEquals("attempt " + attempt, S_1, RetryHandlerFactory.backoff(attempt, MS_100, S_1, 0, 0.5));
        }
    }

    @Test
    public void jitterSpreadsEachDelayWithinItsFractionAndNeverAboveTheCap() {
        // attempt 3: 400 ms, ±20 % is [320, 480]
        assertEquals(320, RetryHandlerFactory.backoff(3, MS_100, S_1, 0.2, 0).toMillis());
        assertEquals(
                480, RetryHandlerFactory.backoff(3, MS_100, S_1, 0.2, 0.999999).toMillis());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            double random = i / 1000.0;
            long d = RetryHandlerFactory.backoff(3, MS_100, S_1, 0.2, random).toMillis();
            assertTrue(d + " ms", d >= 320 && d <= 480);
            seen.add(d);
        }
        assertTrue("jitter spreads the delays: " + seen.size() + " distinct", seen.size() > 100);
        // at the cap, jitter only shortens
        for (int i = 0; i < 1000; i++) {
            long d = RetryHandlerFactory.backoff(10, MS_100, S_1, 0.5, i / 1000.0)
                    .toMillis();
            assertTrue(d + " ms", d >= 500 && d <= 1000);
        }
        // full jitter of a zero delay stays zero, never negative
        assertEquals(Duration.ZERO, RetryHandlerFactory.backoff(1, Duration.ZERO, S_1, 1, 0));
    }

    @Test
    public void retriesRetriableFailuresMaxRetriesTimesThenPasses() {
        ErrorHandler retry =
                handler(Map.of("max-retries", "3", "delay", "100 ms", "max-delay", "1 s", "jitter", "0.1"));
        for (int attempt = 1; attempt <= 3; attempt++) {
            Decision decision = retry.handle(writeFailed(attempt, true));
            assertEquals(Decision.Kind.RETRY, decision.kind());
            long millis = decision.retryDelay().orElseThrow().toMillis();
            long grown = 100L << (attempt - 1);
            assertTrue(attempt + ": " + millis, millis >= grown * 0.9 - 1 && millis <= grown * 1.1 + 1);
            assertTrue(decision.reason(), decision.reason().contains(attempt + " of 3"));
        }
        assertTrue(retry.handle(writeFailed(4, true)).isPass());
        // a failure that cannot succeed on a second try is not retried
        assertTrue(retry.handle(writeFailed(1, false)).isPass());
    }

    @Test
    public void aCapBelowTheDelayIsRefusedNamingBothOptions() {
        PluginException e =
                assertThrows(PluginException.class, () -> handler(Map.of("delay", "2 s", "max-delay", "1 s")));
        assertTrue(e.getMessage(), e.getMessage().contains("'error.retry.max-delay'"));
        assertTrue(e.getMessage(), e.getMessage().contains("'error.retry.delay'"));
        ValidationResult jitter = FACTORY.validate("error handler 'retry'", Map.of("jitter", "1.5"));
        assertFalse(jitter.errors().isEmpty());
        assertTrue(jitter.errors().toString(), jitter.errors().get(0).message().contains("jitter"));
    }

    private static Failure writeFailed(int attempt, boolean retriable) {
        return Failure.builder(ErrorType.CONNECTOR)
                .component(new ComponentId("default", "job-1", "sink-2", 0, "default.out", "test"))
                .message("table 'default.out': write failed: target down")
                .retriable(retriable)
                .attempt(attempt)
                .build();
    }

    private static ErrorHandler handler(Map<String, String> options) {
        return TestHandlers.create(FACTORY, options);
    }
}
