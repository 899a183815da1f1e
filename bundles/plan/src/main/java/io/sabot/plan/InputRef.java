package io.sabot.plan;

/**
 * A reference to an input column.
 *
 * @param index the column's position in the input row (for a join's condition: left columns, then right columns)
 * @param type its type
 */
public record InputRef(int index, DataType type) implements Expr {
    public InputRef {
        if (index < 0) {
            throw new IllegalArgumentException("negative column index " + index);
        }
    }

    @Override
    public String toString() {
        return "$" + index;
    }
}
