package io.sabot.plan;

/**
 * One key of an ordering.
 *
 * @param column the input column
 * @param descending whether larger values come first
 * @param nullsFirst whether NULLs come before other values
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
    @Override
    public String toString() {
        return "$" + column + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
