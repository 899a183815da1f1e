package io.sabot.connector.spi.format;

import java.util.Arrays;

/**
 * A reusable batch of binary records: record {@code i} is {@code length(i)} bytes of {@code data(i)} from {@code
 * offset(i)}, read at external position {@code position(i)} (an offset, a line number). Records are referenced, not
 * copied; the arrays grow as needed and are kept across batches, so filling a batch allocates nothing in the steady
 * state.
 *
 * <p>Not thread-safe: owned by one reader or writer at a time.
 */
public final class BinaryRecords {

    private byte[][] data;
    private int[] offsets;
    private int[] lengths;
    private long[] positions;
    private int count;

    /** An empty batch with room for {@code initialCapacity} records. */
    public BinaryRecords(int initialCapacity) {
        int capacity = Math.max(1, initialCapacity);
        data = new byte[capacity][];
        offsets = new int[capacity];
        lengths = new int[capacity];
        positions = new long[capacity];
    }

    /** Forgets the records (keeps the arrays). */
    public void clear() {
        Arrays.fill(data, 0, count, null);
        count = 0;
    }

    /** Appends a reference to {@code length} bytes of {@code bytes} from {@code offset}; the bytes are not copied. */
    public void add(byte[] bytes, int offset, int length, long position) {
        if (count == data.length) {
            int capacity = count * 2;
            data = Arrays.copyOf(data, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
            positions = Arrays.copyOf(positions, capacity);
        }
        data[count] = bytes;
        offsets[count] = offset;
        lengths[count] = length;
        positions[count] = position;
        count++;
    }

    public int count() {
        return count;
    }

    public byte[] data(int i) {
        return data[check(i)];
    }

    public int offset(int i) {
        return offsets[check(i)];
    }

    public int length(int i) {
        return lengths[check(i)];
    }

    /** Where record {@code i} came from, for error messages and dead letters. */
    public long position(int i) {
        return positions[check(i)];
    }

    private int check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("record " + i + " of " + count);
        }
        return i;
    }
}
