package io.sabot.state.memory.internal;

import java.util.Arrays;

/**
 * An open-addressing hash table of byte-encoded keys (linear probing, power-of-two slots) over dense entry arrays: the
 * storage of every memory state, one table per key group. An entry holds its key, an encoded value (or list of
 * elements, {@link #lens} bytes, {@link #counts} of them) and, for map states, a nested table of user keys.
 *
 * <p>Stored arrays are never written below their recorded length once stored (a put stores a new array, a list append
 * writes past the old length or into a new array), so {@link #copy()} can share them with a snapshot that is written
 * on another thread while the task goes on.
 */
final class BytesTable {

    private static final int EMPTY = -1;
    private static final int DELETED = -2;

    /** Slot → entry index, or {@link #EMPTY}/{@link #DELETED}; null in a read-only {@link #copy()}. */
    private int[] slots;

    byte[][] keys;
    int[] hashes;
    byte[][] values;
    int[] lens;
    int[] counts;
    BytesTable[] maps;
    int size;
    private int tombstones;

    BytesTable(boolean nested) {
        slots = new int[8];
        Arrays.fill(slots, EMPTY);
        keys = new byte[4][];
        hashes = new int[4];
        values = new byte[4][];
        lens = new int[4];
        counts = new int[4];
        maps = nested ? new BytesTable[4] : null;
    }

    private BytesTable(BytesTable from) {
        size = from.size;
        keys = Arrays.copyOf(from.keys, size);
        hashes = Arrays.copyOf(from.hashes, size);
        values = Arrays.copyOf(from.values, size);
        lens = Arrays.copyOf(from.lens, size);
        counts = Arrays.copyOf(from.counts, size);
        if (from.maps != null) {
            maps = new BytesTable[size];
            for (int e = 0; e < size; e++) {
                maps[e] = from.maps[e].copy();
            }
        }
    }

    /** A read-only copy for a snapshot: the entry arrays copied, stored byte arrays shared. */
    BytesTable copy() {
        return new BytesTable(this);
    }

    /** The entry of the key {@code buf[from, to)} with hash {@code hash}, or -1. */
    int find(byte[] buf, int from, int to, int hash) {
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int e = slots[i];
            if (e == EMPTY) {
                return -1;
            }
            if (e >= 0 && hashes[e] == hash && Arrays.equals(keys[e], 0, keys[e].length, buf, from, to)) {
                return e;
            }
        }
    }

    /** The entry of the key, created (without a value) if absent. */
    int findOrInsert(byte[] buf, int from, int to, int hash) {
        int e = find(buf, from, to, hash);
        return e >= 0 ? e : insert(Arrays.copyOfRange(buf, from, to), hash);
    }

    /** Adds an entry for {@code key}, which must be absent; returns its index. */
    int insert(byte[] key, int hash) {
        if ((size + tombstones + 1) * 2 > slots.length) {
            rehash(size + 1 > slots.length / 4 ? slots.length * 2 : slots.length);
        }
        if (size == keys.length) {
            int n = size * 2;
            keys = Arrays.copyOf(keys, n);
            hashes = Arrays.copyOf(hashes, n);
            values = Arrays.copyOf(values, n);
            lens = Arrays.copyOf(lens, n);
            counts = Arrays.copyOf(counts, n);
            if (maps != null) {
                maps = Arrays.copyOf(maps, n);
            }
        }
        int e = size++;
        keys[e] = key;
        hashes[e] = hash;
        values[e] = null;
        lens[e] = 0;
        counts[e] = 0;
        if (maps != null) {
            maps[e] = new BytesTable(false);
        }
        int mask = slots.length - 1;
        int i = hash & mask;
        while (slots[i] >= 0) {
            i = (i + 1) & mask;
        }
        if (slots[i] == DELETED) {
            tombstones--;
        }
        slots[i] = e;
        return e;
    }

    /** Removes entry {@code e}; the last entry moves into its index. */
    void remove(int e) {
        slots[slotOf(e)] = DELETED;
        tombstones++;
        int last = --size;
        if (e != last) {
            slots[slotOf(last)] = e;
            keys[e] = keys[last];
            hashes[e] = hashes[last];
            values[e] = values[last];
            lens[e] = lens[last];
            counts[e] = counts[last];
            if (maps != null) {
                maps[e] = maps[last];
            }
        }
        keys[last] = null;
        values[last] = null;
        if (maps != null) {
            maps[last] = null;
        }
    }

    private int slotOf(int e) {
        int mask = slots.length - 1;
        int i = hashes[e] & mask;
        while (slots[i] != e) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        Arrays.fill(slots, EMPTY);
        tombstones = 0;
        int mask = capacity - 1;
        for (int e = 0; e < size; e++) {
            int i = hashes[e] & mask;
            while (slots[i] != EMPTY) {
                i = (i + 1) & mask;
            }
            slots[i] = e;
        }
    }

    /** Appends {@code buf[from, to)} as one more element of entry {@code e}'s list. */
    void append(int e, byte[] buf, int from, int to) {
        int len = to - from;
        byte[] v = values[e];
        int used = lens[e];
        if (v == null || v.length - used < len) {
            // a new array: a snapshot copy may still be reading the old one
            v = Arrays.copyOf(v == null ? new byte[0] : v, Math.max(used + len, Math.max(16, used * 2)));
            values[e] = v;
        }
        System.arraycopy(buf, from, v, used, len);
        lens[e] = used + len;
        counts[e]++;
    }

    /** Sets entry {@code e}'s value to a copy of {@code buf[from, to)}. */
    void set(int e, byte[] buf, int from, int to) {
        values[e] = Arrays.copyOfRange(buf, from, to);
        lens[e] = to - from;
        counts[e] = 1;
    }

    /** Bytes held by keys and values, roughly. */
    long bytes() {
        long total = 0;
        for (int e = 0; e < size; e++) {
            total += keys[e].length + 16 + (values[e] == null ? 0 : values[e].length + 16);
            if (maps != null) {
                total += maps[e].bytes();
            }
        }
        return total;
    }

    /** A hash of {@code b[from, to)} (murmur3's finaliser over a polynomial hash). */
    static int hash(byte[] b, int from, int to) {
        int h = 0x9747b28c;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
