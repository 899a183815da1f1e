package io.sabot.errors.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import org.junit.Test;

public class DecisionTest {

    @Test
    public void retryCarriesItsDelay() {
        Decision retry = Decision.retry(Duration.ofSeconds(2), "attempt 2 of 5");
        assertEquals(Decision.Kind.RETRY, retry.kind());
        assertEquals(Duration.ofSeconds(2), retry.retryDelay().orElseThrow());
        assertTrue(retry.deadLetterTarget().isEmpty());
        assertEquals("RETRY after PT2S (attempt 2 of 5)", retry.toString());
        assertEquals(Duration.ZERO, Decision.retry(Duration.ZERO).retryDelay().orElseThrow());
    }

    @Test(expected = IllegalArgumentException.class)
    public void retryRejectsANegativeDelay() {
        Decision.retry(Duration.ofMillis(-1));
    }

    @Test(expected = NullPointerException.class)
    public void retryRequiresADelay() {
        Decision.retry(null);
    }

    @Test
    public void deadLetterNamesAValidTarget() {
        Decision decision = Decision.deadLetter("orders-dlq");
        assertEquals("orders-dlq", decision.deadLetterTarget().orElseThrow());
        assertTrue(decision.retryDelay().isEmpty());
        for (String bad : new String[] {"", " ", "Orders", "a b", "-x", "x".repeat(129)}) {
            try {
                Decision.deadLetter(bad);
                fail("accepted target '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                // expected
            }
        }
        try {
            Decision.deadLetter(null);
            fail("accepted a null target");
        } catch (NullPointerException expected) {
            // expected
        }
    }

    @Test
    public void simpleDecisionsAndEquality() {
        assertTrue(Decision.pass().isPass());
        assertFalse(Decision.fail().isPass());
        assertEquals(Decision.Kind.SKIP, Decision.skip("late").kind());
        assertEquals(Decision.fail("x"), Decision.fail("x"));
        assertFalse(Decision.fail("x").equals(Decision.fail("y")));
        assertEquals("", Decision.fail().reason());
    }
}
