package io.sabot.engine.internal.column;

/** A stable merge sort of {@code int} row indexes by a comparator, without boxing. */
public final class IntSorter {

    /** Compares two rows. */
    public interface RowComparator {
        int compare(int a, int b);
    }

    private IntSorter() {}

    /** Sorts {@code rows[0…n)} stably. */
    public static void sort(int[] rows, int n, RowComparator comparator) {
        int[] scratch = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int from = 0; from < n; from += 2 * width) {
                int mid = Math.min(from + width, n);
                int to = Math.min(from + 2 * width, n);
                int i = from;
                int j = mid;
                int k = from;
                while (i < mid && j < to) {
                    scratch[k++] = comparator.compare(rows[j], rows[i]) < 0 ? rows[j++] : rows[i++];
                }
                while (i < mid) {
                    scratch[k++] = rows[i++];
                }
                while (j < to) {
                    scratch[k++] = rows[j++];
                }
            }
            System.arraycopy(scratch, 0, rows, 0, n);
        }
    }
}
