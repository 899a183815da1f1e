package io.sabot.errors.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import org.junit.Test;

public class CircuitStateTest {

    @Test
    public void gaugeCodesAreClosedOpenHalfOpen() {
        assertEquals(0, CircuitState.closed(0).state().code());
        assertEquals(1, CircuitState.open(Duration.ofSeconds(30), 1).state().code());
        assertEquals(2, CircuitState.halfOpen(2).state().code());
    }

    @Test
    public void onlyAnOpenCircuitHoldsOperations() {
        CircuitState open = CircuitState.open(Duration.ofSeconds(30), 1);
        assertTrue(open.isOpen());
        assertEquals(Duration.ofSeconds(30), open.remainingDelay());
        assertFalse(CircuitState.halfOpen(2).isOpen());
        assertFalse(CircuitState.closed(3).isOpen());
        assertEquals(3, CircuitState.closed(3).transitions());
    }

    @Test
    public void rejectsNegativeDelaysAndCounts() {
        assertThrows(IllegalArgumentException.class, () -> CircuitState.open(Duration.ofMillis(-1), 0));
        assertThrows(IllegalArgumentException.class, () -> CircuitState.closed(-1));
        assertThrows(NullPointerException.class, () -> new CircuitState(null, Duration.ZERO, 0));
    }
}
