package io.sabot.plan;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of a node's output, in order.
 *
 * @param columns the columns; names need not be unique (e.g. after a join), positions are what expressions use
 */
public record RowType(List<Column> columns) {

    public RowType {
        columns = List.copyOf(columns);
    }

    public static RowType of(Column... columns) {
        return new RowType(List.of(columns));
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    public DataType type(int index) {
        return columns.get(index).type();
    }

    /** The position of the first column with this name (case-sensitive), or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The Arrow schema of batches with these columns. */
    public Schema toArrowSchema() {
        List<Field> fields = new ArrayList<>(columns.size());
        for (Column column : columns) {
            fields.add(column.type().toArrowField(column.name()));
        }
        return new Schema(fields);
    }

    @Override
    public String toString() {
        return columns.toString();
    }
}
