package io.sabot.state.spi.replicated;

import java.util.Arrays;
import java.util.Objects;

/**
 * One change of one key of a {@link ReplicatedMap}, as delivered to an {@link EntryListener}: which map, what kind of
 * change, the key, the old and new values where the store knows them, and whether it was made on this node.
 *
 * <p>Immutable: the arrays are copied on construction and on access, so a listener may keep an event.
 */
public final class EntryEvent {

    /** What happened to the key. */
    public enum Kind {
        /** The key did not exist and now has a value. */
        ADDED,
        /** The key's value was replaced. */
        UPDATED,
        /** The key was removed (explicitly, or because its map was destroyed). */
        REMOVED
    }

    private final String mapName;
    private final Kind kind;
    private final byte[] key;
    private final byte[] oldValue;
    private final byte[] value;
    private final boolean local;

    /**
     * @param mapName the map's name
     * @param kind the kind of change
     * @param key the key; not null
     * @param oldValue the previous value for {@code UPDATED} and {@code REMOVED} if the store knows it, else null
     * @param value the new value for {@code ADDED} and {@code UPDATED}; null for {@code REMOVED}
     * @param local whether the change was made on this node
     * @throws NullPointerException if {@code mapName}, {@code kind} or {@code key} is null, or {@code value} is null for
     *     {@code ADDED} or {@code UPDATED}
     * @throws IllegalArgumentException if {@code value} is not null for {@code REMOVED}
     */
    public EntryEvent(String mapName, Kind kind, byte[] key, byte[] oldValue, byte[] value, boolean local) {
        this.mapName = Objects.requireNonNull(mapName, "mapName");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.key = Objects.requireNonNull(key, "key").clone();
        if (kind == Kind.REMOVED && value != null) {
            throw new IllegalArgumentException("a REMOVED event has no new value");
        }
        if (kind != Kind.REMOVED) {
            Objects.requireNonNull(value, "value of an " + kind + " event");
        }
        this.oldValue = oldValue == null ? null : oldValue.clone();
        this.value = value == null ? null : value.clone();
        this.local = local;
    }

    /** The map's name. */
    public String mapName() {
        return mapName;
    }

    /** What happened. */
    public Kind kind() {
        return kind;
    }

    /** A copy of the key. */
    public byte[] key() {
        return key.clone();
    }

    /** A copy of the previous value, or null if there was none or the store does not report it. */
    public byte[] oldValue() {
        return oldValue == null ? null : oldValue.clone();
    }

    /** A copy of the new value, or null for {@link Kind#REMOVED}. */
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** Whether the change was made on this node (so a node can ignore its own writes). */
    public boolean isLocal() {
        return local;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EntryEvent)) {
            return false;
        }
        EntryEvent other = (EntryEvent) o;
        return mapName.equals(other.mapName)
                && kind == other.kind
                && Arrays.equals(key, other.key)
                && Arrays.equals(oldValue, other.oldValue)
                && Arrays.equals(value, other.value)
                && local == other.local;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mapName, kind, Arrays.hashCode(key), Arrays.hashCode(value), local);
    }

    /** The map, kind, and the sizes of key and values (never their bytes, which may be sensitive). */
    @Override
    public String toString() {
        return "EntryEvent[" + mapName + " " + kind + ", key " + key.length + " bytes"
                + (value != null ? ", value " + value.length + " bytes" : "") + (local ? ", local" : "") + "]";
    }
}
