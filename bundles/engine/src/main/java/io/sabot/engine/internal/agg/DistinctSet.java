package io.sabot.engine.internal.agg;

import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.Hashing;
import io.sabot.engine.internal.keys.KeyEncoder;
import java.util.Arrays;

/**
 * The distinct values of an aggregate's argument per group ({@code COUNT(DISTINCT x)}): one hash table of (group,
 * encoded value) entries with a multiplicity each, so that a value counts once while any of its rows is present.
 */
final class DistinctSet {

    private final BytesKeyTable table = new BytesKeyTable();
    private int[] multiplicity = new int[0];
    private byte[] scratch = new byte[64];

    /**
     * Keeps the pairs whose value is new for its group (accumulate) or whose last occurrence goes (retract): the
     * pairs that change the aggregate. Compacts {@code rows}/{@code groups} in place; returns the new count. NULL
     * values are dropped (aggregates ignore them).
     */
    int filter(KeyEncoder values, boolean[] nullValue, int[] rows, int[] groups, int n, boolean retract) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            if (nullValue != null && nullValue[r]) {
                continue;
            }
            int len = pairKey(values, r, groups[i]);
            int hash = Hashing.hash(scratch, 0, len);
            boolean changes;
            if (retract) {
                int id = table.find(scratch, 0, len, hash);
                changes = id >= 0 && multiplicity[id] > 0 && --multiplicity[id] == 0;
            } else {
                int before = table.size();
                int id = table.findOrInsert(scratch, 0, len, hash);
                if (id >= multiplicity.length) {
                    multiplicity = Arrays.copyOf(multiplicity, Math.max(id + 1, multiplicity.length * 2));
                }
                if (id == before) {
                    multiplicity[id] = 0;
                }
                changes = multiplicity[id]++ == 0;
            }
            if (changes) {
                rows[kept] = r;
                groups[kept] = groups[i];
                kept++;
            }
        }
        return kept;
    }

    /** Writes the entry key of (group, encoded value of row {@code r}) into {@link #scratch}; returns its length. */
    private int pairKey(KeyEncoder values, int r, int group) {
        int len = values.length(r) + 4;
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        Hashing.putIntLE(scratch, 0, group);
        System.arraycopy(values.bytes, values.start(r), scratch, 4, len - 4);
        return len;
    }

    /** Moves the values of group {@code source} to {@code target}; returns how many were new for the target. */
    int merge(int target, int source) {
        int added = 0;
        byte[] arena = table.arena();
        int size = table.size();
        for (int id = 0; id < size; id++) {
            if (multiplicity[id] > 0 && Hashing.getIntLE(arena, table.offset(id)) == source) {
                int len = table.length(id);
                if (scratch.length < len) {
                    scratch = new byte[Math.max(len, scratch.length * 2)];
                }
                System.arraycopy(arena, table.offset(id), scratch, 0, len);
                Hashing.putIntLE(scratch, 0, target);
                int count = multiplicity[id];
                multiplicity[id] = 0;
                int before = table.size();
                int t = table.findOrInsert(scratch, 0, len, Hashing.hash(scratch, 0, len));
                arena = table.arena();
                if (t >= multiplicity.length) {
                    multiplicity = Arrays.copyOf(multiplicity, Math.max(t + 1, multiplicity.length * 2));
                }
                if (t == before) {
                    multiplicity[t] = 0;
                }
                if (multiplicity[t] == 0) {
                    added++;
                }
                multiplicity[t] += count;
            }
        }
        return added;
    }

    /**
     * Collects the entries that count (multiplicity above zero) of the groups {@code live} marks: their group,
     * the offset of their encoded value in {@link #arena()} and their multiplicity.
     */
    Entries entries(boolean[] live) {
        int size = table.size();
        int[] groups = new int[size];
        int[] valueStarts = new int[size];
        long[] multiplicities = new long[size];
        byte[] arena = table.arena();
        int n = 0;
        for (int id = 0; id < size; id++) {
            int group = Hashing.getIntLE(arena, table.offset(id));
            if (multiplicity[id] > 0 && group < live.length && live[group]) {
                groups[n] = group;
                valueStarts[n] = table.offset(id) + 4;
                multiplicities[n] = multiplicity[id];
                n++;
            }
        }
        return new Entries(groups, valueStarts, multiplicities, n);
    }

    /**
     * Adds the pairs of rows {@code rows[0…n)} (value of the row, group {@code groups[i]}) not yet present, with
     * multiplicity 0, so that a state backend can load their stored multiplicities ({@link #setMultiplicity}) before
     * the batch is applied. NULL values are skipped, as {@link #filter} skips them.
     */
    void touch(KeyEncoder values, boolean[] nullValue, int[] rows, int[] groups, int n) {
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            if (nullValue != null && nullValue[r]) {
                continue;
            }
            int len = pairKey(values, r, groups[i]);
            int before = table.size();
            int id = table.findOrInsert(scratch, 0, len, Hashing.hash(scratch, 0, len));
            if (id >= multiplicity.length) {
                multiplicity = Arrays.copyOf(multiplicity, Math.max(id + 1, multiplicity.length * 2));
            }
            if (id == before) {
                multiplicity[id] = 0;
            }
        }
    }

    /** Every entry, multiplicity 0 included, in id order (entry {@code i} is id {@code i}). */
    Entries all() {
        int size = table.size();
        int[] groups = new int[size];
        int[] valueStarts = new int[size];
        long[] multiplicities = new long[size];
        byte[] arena = table.arena();
        for (int id = 0; id < size; id++) {
            groups[id] = Hashing.getIntLE(arena, table.offset(id));
            valueStarts[id] = table.offset(id) + 4;
            multiplicities[id] = multiplicity[id];
        }
        return new Entries(groups, valueStarts, multiplicities, size);
    }

    /** Sets the multiplicity of entry {@code id} (a stored one loaded from a state backend). */
    void setMultiplicity(int id, long m) {
        multiplicity[id] = Math.toIntExact(m);
    }

    /** Entries of a snapshot: parallel arrays, the first {@code count} used. */
    record Entries(int[] groups, int[] valueStarts, long[] multiplicities, int count) {}

    byte[] arena() {
        return table.arena();
    }

    /** Restores entries: value {@code values} row {@code rows[i]} of group {@code groups[i]} seen {@code mult[i]} times. */
    void load(KeyEncoder values, int[] rows, int[] groups, long[] mult, int n) {
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            int len = pairKey(values, r, groups[i]);
            int id = table.findOrInsert(scratch, 0, len, Hashing.hash(scratch, 0, len));
            if (id >= multiplicity.length) {
                multiplicity = Arrays.copyOf(multiplicity, Math.max(id + 1, multiplicity.length * 2));
            }
            multiplicity[id] = Math.toIntExact(mult[i]);
        }
    }

    void clear() {
        table.clear();
    }
}
