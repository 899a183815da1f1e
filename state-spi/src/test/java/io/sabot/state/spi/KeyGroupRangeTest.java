package io.sabot.state.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class KeyGroupRangeTest {

    @Test
    public void boundsAreInclusive() {
        KeyGroupRange range = KeyGroupRange.of(4, 7);
        assertEquals(4, range.size());
        assertTrue(range.contains(4));
        assertTrue(range.contains(7));
        assertFalse(range.contains(8));
        assertFalse(range.contains(3));
        assertEquals("[4, 7]", range.toString());
    }

    @Test
    public void emptyRangesAreNormalised() {
        KeyGroupRange empty = KeyGroupRange.of(5, 4);
        assertTrue(empty.isEmpty());
        assertEquals(KeyGroupRange.EMPTY, empty);
        assertEquals(0, empty.size());
        assertFalse(empty.contains(0));
        assertEquals("[]", empty.toString());
    }

    @Test(expected = IllegalArgumentException.class)
    public void negativeFirstIsRejected() {
        KeyGroupRange.of(-1, 3);
    }

    @Test(expected = IllegalArgumentException.class)
    public void lastBelowFirstMinusOneIsRejected() {
        KeyGroupRange.of(5, 3);
    }

    @Test
    public void intersectionAndOverlap() {
        KeyGroupRange a = KeyGroupRange.of(0, 63);
        KeyGroupRange b = KeyGroupRange.of(43, 85);
        assertEquals(KeyGroupRange.of(43, 63), a.intersection(b));
        assertTrue(a.overlaps(b));
        assertEquals(KeyGroupRange.EMPTY, a.intersection(KeyGroupRange.of(64, 127)));
        assertFalse(a.overlaps(KeyGroupRange.of(64, 127)));
        assertFalse(a.overlaps(KeyGroupRange.EMPTY));
        assertTrue(a.contains(KeyGroupRange.of(10, 20)));
        assertTrue(a.contains(KeyGroupRange.EMPTY));
        assertFalse(a.contains(b));
    }
}
