package io.sabot.connector.spi.lookup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.FieldVector;

/**
 * The keys of one {@link LookupSource#lookup} call: one vector per {@linkplain LookupContext#keyColumns() key column},
 * of that column's Arrow type, and a row count. Key {@code i} is the tuple of the vectors' values at index {@code i}.
 *
 * <p>The runtime passes each key once per call (probe rows with the same key share its rows), and never a key with a
 * NULL in any column: in SQL a NULL key matches nothing.
 *
 * <p><b>A view, not a copy.</b> The vectors belong to the runtime, stay unchanged during the call, and must not be
 * kept after it returns. Not thread-safe.
 */
public final class LookupKeys {

    private final List<FieldVector> columns;
    private final int rowCount;

    private LookupKeys(List<FieldVector> columns, int rowCount) {
        this.columns = columns;
        this.rowCount = rowCount;
    }

    /**
     * Keys made of {@code rowCount} values of each of {@code columns}.
     *
     * @throws IllegalArgumentException if there is no column, the count is negative, or a vector holds fewer values
     */
    public static LookupKeys of(List<? extends FieldVector> columns, int rowCount) {
        Objects.requireNonNull(columns, "columns");
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("lookup keys need at least one column");
        }
        if (rowCount < 0) {
            throw new IllegalArgumentException("negative row count " + rowCount);
        }
        List<FieldVector> copy = new ArrayList<>(columns.size());
        for (FieldVector column : columns) {
            Objects.requireNonNull(column, "key column");
            if (column.getValueCount() < rowCount) {
                throw new IllegalArgumentException("key column '" + column.getName() + "' holds "
                        + column.getValueCount() + " values, but there are " + rowCount + " keys");
            }
            copy.add(column);
        }
        return new LookupKeys(Collections.unmodifiableList(copy), rowCount);
    }

    /** The key columns, in the order of {@link LookupContext#keyColumns()}; unmodifiable. */
    public List<FieldVector> columns() {
        return columns;
    }

    /** Key column {@code index}, 0-based. */
    public FieldVector column(int index) {
        return columns.get(index);
    }

    public int columnCount() {
        return columns.size();
    }

    /** The number of keys; 0 never reaches a source. */
    public int rowCount() {
        return rowCount;
    }

    @Override
    public String toString() {
        StringBuilder names = new StringBuilder();
        for (FieldVector column : columns) {
            names.append(names.length() == 0 ? "" : ", ").append(column.getName());
        }
        return "LookupKeys[" + rowCount + " keys; " + names + "]";
    }
}
