package io.sabot.engine.internal.keys;

import java.util.Arrays;

/**
 * An open-addressing hash table from encoded keys (byte strings) to dense ids {@code 0, 1, 2, …} in insertion order.
 * Keys live in one growing byte arena; the table holds ids. Aggregates keep their accumulators in primitive arrays
 * indexed by these ids. No object per key.
 */
public final class BytesKeyTable {

    private byte[] arena = new byte[1024];
    private int used;
    private int[] keyOffset = new int[64];
    private int[] keyLength = new int[64];
    private int[] keyHash = new int[64];
    private int size;
    private int[] slots;
    private int mask;

    public BytesKeyTable() {
        slots = new int[128];
        Arrays.fill(slots, -1);
        mask = slots.length - 1;
    }

    /** The number of keys. */
    public int size() {
        return size;
    }

    public byte[] arena() {
        return arena;
    }

    public int offset(int id) {
        return keyOffset[id];
    }

    public int length(int id) {
        return keyLength[id];
    }

    public int hash(int id) {
        return keyHash[id];
    }

    /** The id of the key, or -1. */
    public int find(byte[] key, int off, int len, int hash) {
        int slot = mix(hash) & mask;
        while (true) {
            int id = slots[slot];
            if (id < 0) {
                return -1;
            }
            if (keyHash[id] == hash
                    && keyLength[id] == len
                    && Arrays.equals(arena, keyOffset[id], keyOffset[id] + len, key, off, off + len)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The id of the key, inserting it (with the next id) if absent. */
    public int findOrInsert(byte[] key, int off, int len, int hash) {
        int slot = mix(hash) & mask;
        while (true) {
            int id = slots[slot];
            if (id < 0) {
                break;
            }
            if (keyHash[id] == hash
                    && keyLength[id] == len
                    && Arrays.equals(arena, keyOffset[id], keyOffset[id] + len, key, off, off + len)) {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        int id = size++;
        if (id == keyOffset.length) {
            int capacity = id * 2;
            keyOffset = Arrays.copyOf(keyOffset, capacity);
            keyLength = Arrays.copyOf(keyLength, capacity);
            keyHash = Arrays.copyOf(keyHash, capacity);
        }
        if (used + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(used + len, arena.length * 2));
        }
        System.arraycopy(key, off, arena, used, len);
        keyOffset[id] = used;
        keyLength[id] = len;
        keyHash[id] = hash;
        used += len;
        slots[slot] = id;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private static int mix(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        Arrays.fill(bigger, -1);
        int m = bigger.length - 1;
        for (int id = 0; id < size; id++) {
            int slot = mix(keyHash[id]) & m;
            while (bigger[slot] >= 0) {
                slot = (slot + 1) & m;
            }
            bigger[slot] = id;
        }
        slots = bigger;
        mask = m;
    }

    /** Forgets every key, keeping the arrays for reuse. */
    public void clear() {
        if (size > 0) {
            Arrays.fill(slots, -1);
        }
        size = 0;
        used = 0;
    }

    /** Approximate bytes held, for state-size metrics. */
    public long bytes() {
        return arena.length + 12L * keyOffset.length + 4L * slots.length;
    }
}
