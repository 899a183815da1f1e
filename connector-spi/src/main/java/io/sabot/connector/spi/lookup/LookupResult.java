package io.sabot.connector.spi.lookup;

import java.util.Arrays;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Where a {@link LookupSource} puts the answer to one {@link LookupSource#lookup} call: the matching rows, appended to
 * {@link #rows()} (vectors of the table's {@linkplain LookupContext#schema() schema}), and which key each row matches,
 * given with {@link #match}. A key may match any number of rows (none, one, several); rows may come in any order.
 *
 * <pre>{@code
 * VectorSchemaRoot rows = result.rows();
 * int row = rows.getRowCount();
 * ((BigIntVector) rows.getVector(0)).setSafe(row, id);
 * ((VarCharVector) rows.getVector(1)).setSafe(row, name);
 * rows.setRowCount(row + 1);
 * result.match(key, row);
 * }</pre>
 *
 * <p><b>Ownership.</b> The runtime creates the result, owns the vectors and reads them after the call; a source
 * appends (growing vectors with {@code setSafe}, or decoding into them with a {@link
 * io.sabot.connector.spi.format.RecordDecoder}), sets the root's row count, and keeps no reference. Not thread-safe.
 */
public final class LookupResult {

    private final VectorSchemaRoot rows;
    private int[] keys = new int[64];
    private int[] positions = new int[64];
    private int matches;

    /** A result over {@code rows}, which the caller owns and closes. */
    public LookupResult(VectorSchemaRoot rows) {
        this.rows = Objects.requireNonNull(rows, "rows");
    }

    /** The rows found; append after {@code rows().getRowCount()} and set the new count. */
    public VectorSchemaRoot rows() {
        return rows;
    }

    /**
     * Records that row {@code row} of {@link #rows()} matches key {@code key} of the call's {@link LookupKeys}.
     *
     * @throws IndexOutOfBoundsException for a negative index
     */
    public void match(int key, int row) {
        if (key < 0 || row < 0) {
            throw new IndexOutOfBoundsException("key " + key + ", row " + row);
        }
        if (matches == keys.length) {
            keys = Arrays.copyOf(keys, matches * 2);
            positions = Arrays.copyOf(positions, matches * 2);
        }
        keys[matches] = key;
        positions[matches] = row;
        matches++;
    }

    /** The number of {@link #match} calls. */
    public int matchCount() {
        return matches;
    }

    /** The key of match {@code i}. */
    public int key(int i) {
        return keys[Objects.checkIndex(i, matches)];
    }

    /** The row of match {@code i}. */
    public int row(int i) {
        return positions[Objects.checkIndex(i, matches)];
    }

    /**
     * Forgets what came after the first {@code matchCount} matches and {@code rowCount} rows: the runtime discards
     * with it what a failed call added.
     *
     * @throws IllegalArgumentException for counts beyond what the result holds
     */
    public void truncate(int matchCount, int rowCount) {
        if (matchCount < 0 || matchCount > matches || rowCount < 0 || rowCount > rows.getRowCount()) {
            throw new IllegalArgumentException("cannot truncate " + matches + " matches and " + rows.getRowCount()
                    + " rows to " + matchCount + " and " + rowCount);
        }
        matches = matchCount;
        rows.setRowCount(rowCount);
    }

    /** Forgets the matches and empties the rows (keeping their buffers), for the next call. */
    public void clear() {
        matches = 0;
        rows.setRowCount(0);
    }
}
