package io.sabot.runtime.internal.results;

import io.sabot.connector.spi.sink.RowKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The final rows of a result as text: every row of an insert-only result, and for a changelog (batches whose last
 * column is {@link RowKind#COLUMN_NAME}) the table after applying every change — inserts and update-afters add a
 * row, update-befores and deletes remove one equal row. Not thread-safe.
 */
public final class ResultRows {

    private final List<String> columns = new ArrayList<>();
    /** Per column, whether its values are JSON numbers or booleans rather than strings. */
    private final List<Boolean> unquoted = new ArrayList<>();
    /** Row to its multiplicity, in first-insertion order. */
    private final Map<List<String>, Integer> rows = new LinkedHashMap<>();

    private long changes;

    /** Adds a batch's rows (the batch stays the caller's). */
    public void add(VectorSchemaRoot batch) {
        List<FieldVector> vectors = batch.getFieldVectors();
        int width = vectors.size();
        TinyIntVector kinds = null;
        if (width > 0 && RowKind.COLUMN_NAME.equals(vectors.get(width - 1).getName())) {
            kinds = (TinyIntVector) vectors.get(width - 1);
            width--;
        }
        if (columns.isEmpty()) {
            for (int c = 0; c < width; c++) {
                columns.add(vectors.get(c).getName());
                ArrowType type = vectors.get(c).getField().getType();
                unquoted.add(type instanceof ArrowType.Int
                        || type instanceof ArrowType.FloatingPoint
                        || type instanceof ArrowType.Decimal
                        || type instanceof ArrowType.Bool);
            }
        }
        for (int r = 0; r < batch.getRowCount(); r++) {
            List<String> row = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                row.add(CellFormatter.format(vectors.get(c), r));
            }
            RowKind kind = kinds == null ? RowKind.INSERT : RowKind.fromCode(kinds.get(r));
            apply(Collections.unmodifiableList(row), kind);
        }
    }

    private void apply(List<String> row, RowKind kind) {
        changes++;
        switch (kind) {
            case INSERT, UPDATE_AFTER -> rows.merge(row, 1, Integer::sum);
            case UPDATE_BEFORE, DELETE -> {
                Integer count = rows.get(row);
                if (count == null) {
                    throw new IllegalStateException(kind.shortString() + " of a row that is not in the result: " + row);
                }
                if (count == 1) {
                    rows.remove(row);
                } else {
                    rows.put(row, count - 1);
                }
            }
        }
    }

    /** The column names (without the row-kind column). */
    public List<String> columns() {
        return Collections.unmodifiableList(columns);
    }

    /** Per column, whether JSON writes its values as numbers or booleans (not strings). */
    public List<Boolean> unquoted() {
        return Collections.unmodifiableList(unquoted);
    }

    /** The current rows, each repeated by its multiplicity; NULL cells are null. */
    public List<List<String>> rows() {
        List<List<String>> out = new ArrayList<>();
        rows.forEach((row, count) -> {
            for (int i = 0; i < count; i++) {
                out.add(row);
            }
        });
        return out;
    }

    /** How many rows (changes) were added in all. */
    public long changes() {
        return changes;
    }
}
