package io.sabot.state.spi.replicated;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import org.junit.Test;

public class ReplicatedStoresTest {

    @Test
    public void mapNamesAreTenantScoped() {
        assertEquals(
                "acme.dim.currency_rates",
                ReplicatedStores.mapName("acme", ReplicatedStores.PURPOSE_DIMENSION, "currency_rates"));
        for (String[] bad : new String[][] {{"ac.me", "dim", "x"}, {"acme", "dim", ""}, {"Acme", "dim", "x"}}) {
            try {
                ReplicatedStores.mapName(bad[0], bad[1], bad[2]);
                fail("accepted " + String.join("|", bad));
            } catch (IllegalArgumentException expected) {
                // expected
            }
        }
        try {
            ReplicatedStores.checkMapName("x".repeat(201));
            fail("accepted a 201-character name");
        } catch (IllegalArgumentException expected) {
            // expected
        }
    }

    @Test
    public void entryEventsCopyTheirArrays() {
        byte[] key = {1, 2};
        byte[] value = {3};
        EntryEvent event = new EntryEvent("acme.dim.x", EntryEvent.Kind.ADDED, key, null, value, true);
        key[0] = 9;
        value[0] = 9;
        assertArrayEquals(new byte[] {1, 2}, event.key());
        assertArrayEquals(new byte[] {3}, event.value());
        event.key()[0] = 7;
        assertArrayEquals(new byte[] {1, 2}, event.key());
        assertNull(event.oldValue());
        assertEquals(
                new EntryEvent("acme.dim.x", EntryEvent.Kind.ADDED, new byte[] {1, 2}, null, new byte[] {3}, true),
                event);
        assertFalse(event.toString().contains("[1, 2]"));
    }

    @Test
    public void entryEventValuesMatchTheirKind() {
        try {
            new EntryEvent("m", EntryEvent.Kind.REMOVED, new byte[] {1}, null, new byte[] {2}, false);
            fail("REMOVED with a new value");
        } catch (IllegalArgumentException expected) {
            // expected
        }
        try {
            new EntryEvent("m", EntryEvent.Kind.UPDATED, new byte[] {1}, null, null, false);
            fail("UPDATED without a value");
        } catch (NullPointerException expected) {
            // expected
        }
    }
}
