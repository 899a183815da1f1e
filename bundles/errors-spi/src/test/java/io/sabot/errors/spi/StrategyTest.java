package io.sabot.errors.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import org.junit.Test;

public class StrategyTest {

    @Test
    public void supportedStrategiesMapToHandlersAndDecisions() {
        assertEquals(
                List.of(Strategy.RETRY, Strategy.SKIP, Strategy.FAIL_FAST, Strategy.RESTART_EXECUTION),
                Strategy.supported());
        assertEquals("retry", Strategy.RETRY.handlerIdentifier().orElseThrow());
        assertEquals(Decision.Kind.RETRY, Strategy.RETRY.decisionKind().orElseThrow());
        assertEquals("skip", Strategy.SKIP.handlerIdentifier().orElseThrow());
        assertEquals(Decision.Kind.FAIL, Strategy.FAIL_FAST.decisionKind().orElseThrow());
        assertEquals(
                Decision.Kind.FAIL, Strategy.RESTART_EXECUTION.decisionKind().orElseThrow());
        assertFalse(Strategy.DEGRADE.handlerIdentifier().isPresent());
    }

    @Test
    public void parseIsLenientAboutSpelling() {
        assertEquals(Strategy.FAIL_FAST, Strategy.parse("fail-fast"));
        assertEquals(Strategy.RETRY, Strategy.parse(" Retry "));
        assertEquals(Strategy.RESTART_EXECUTION, Strategy.parse("RESTART_EXECUTION"));
    }

    @Test
    public void unimplementedStrategiesAreRejectedAtConfigurationTime() {
        for (String name : new String[] {"DEGRADE", "restart-component", "MANUAL_INTERVENTION"}) {
            try {
                Strategy.parse(name);
                fail("accepted " + name);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("not implemented"));
                assertTrue(expected.getMessage(), expected.getMessage().contains("RETRY, SKIP, FAIL_FAST"));
            }
        }
    }

    @Test
    public void unknownStrategiesAreRejectedListingTheSupportedOnes() {
        try {
            Strategy.parse("dead-letter");
            fail("accepted dead-letter");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().startsWith("unknown error strategy 'dead-letter'"));
            assertTrue(expected.getMessage(), expected.getMessage().contains("RESTART_EXECUTION"));
        }
    }
}
