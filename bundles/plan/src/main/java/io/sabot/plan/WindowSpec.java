package io.sabot.plan;

/**
 * Which windows rows are assigned to.
 *
 * <p>Windows are either <em>computed</em> from each row's time ({@code timeColumn}) or <em>attached</em>: the rows
 * already carry their window in two columns, {@code window_start} and {@code window_end} of an earlier window
 * aggregation (Flink's cascading window aggregation, e.g. {@code GROUP BY window_start, window_end} over the result
 * of a window aggregation). Attached windows keep the kind and sizes of the window that produced them, so that two
 * inputs can be checked to have the same windows.
 *
 * @param kind the window kind
 * @param timeColumn the input column with the time attribute windows are computed on; for attached windows, the
 *     window end column (rows are late by their window's end)
 * @param sizeMillis TUMBLE, HOP and CUMULATE: the window size (CUMULATE: the largest window); 0 for SESSION
 * @param slideMillis HOP: the slide; CUMULATE: the step; 0 otherwise
 * @param gapMillis SESSION: the gap; 0 otherwise
 * @param offsetMillis window start alignment offset (Flink's {@code offset}), usually 0
 * @param startColumn attached windows: the input column holding each row's window start; -1 when computed; since
 *     1.3.0
 * @param endColumn attached windows: the input column holding each row's window end; -1 when computed; since 1.3.0
 */
public record WindowSpec(
        WindowKind kind,
        int timeColumn,
        long sizeMillis,
        long slideMillis,
        long gapMillis,
        long offsetMillis,
        int startColumn,
        int endColumn) {

    /** Windows computed from {@code timeColumn}. */
    public WindowSpec(
            WindowKind kind, int timeColumn, long sizeMillis, long slideMillis, long gapMillis, long offsetMillis) {
        this(kind, timeColumn, sizeMillis, slideMillis, gapMillis, offsetMillis, -1, -1);
    }

    public WindowSpec {
        boolean valid =
                switch (kind) {
                    case TUMBLE -> sizeMillis > 0;
                    case HOP, CUMULATE -> sizeMillis > 0 && slideMillis > 0;
                    case SESSION -> gapMillis > 0;
                };
        if (!valid) {
            throw new IllegalArgumentException("invalid " + kind + " window: size " + sizeMillis + " ms, slide "
                    + slideMillis + " ms, gap " + gapMillis + " ms");
        }
        if ((startColumn < 0) != (endColumn < 0) || (startColumn >= 0 && timeColumn != endColumn)) {
            throw new IllegalArgumentException("attached windows need both a start and an end column, and the end"
                    + " column as time column: start $" + startColumn + ", end $" + endColumn + ", time $"
                    + timeColumn);
        }
    }

    public static WindowSpec tumble(int timeColumn, long sizeMillis) {
        return new WindowSpec(WindowKind.TUMBLE, timeColumn, sizeMillis, 0, 0, 0);
    }

    public static WindowSpec hop(int timeColumn, long sizeMillis, long slideMillis) {
        return new WindowSpec(WindowKind.HOP, timeColumn, sizeMillis, slideMillis, 0, 0);
    }

    public static WindowSpec session(int timeColumn, long gapMillis) {
        return new WindowSpec(WindowKind.SESSION, timeColumn, 0, 0, gapMillis, 0);
    }

    public static WindowSpec cumulate(int timeColumn, long sizeMillis, long stepMillis) {
        return new WindowSpec(WindowKind.CUMULATE, timeColumn, sizeMillis, stepMillis, 0, 0);
    }

    /**
     * These windows, attached to an input that carries them in columns {@code start} and {@code end}.
     *
     * @since 1.3.0
     */
    public WindowSpec attachedTo(int start, int end) {
        return new WindowSpec(kind, end, sizeMillis, slideMillis, gapMillis, offsetMillis, start, end);
    }

    /**
     * Whether rows carry their window in columns ({@link #startColumn()}, {@link #endColumn()}).
     *
     * @since 1.3.0
     */
    public boolean isAttached() {
        return startColumn >= 0;
    }

    /**
     * Whether these are the same windows as {@code other}'s (kind, sizes and offset), wherever their columns are.
     *
     * @since 1.3.0
     */
    public boolean sameWindows(WindowSpec other) {
        return kind == other.kind
                && sizeMillis == other.sizeMillis
                && slideMillis == other.slideMillis
                && gapMillis == other.gapMillis
                && offsetMillis == other.offsetMillis;
    }

    @Override
    public String toString() {
        String time = isAttached() ? "win_start=$" + startColumn + ", win_end=$" + endColumn : "$" + timeColumn;
        return switch (kind) {
            case TUMBLE -> "TUMBLE(" + time + ", size=" + sizeMillis + "ms)";
            case HOP -> "HOP(" + time + ", size=" + sizeMillis + "ms, slide=" + slideMillis + "ms)";
            case SESSION -> "SESSION(" + time + ", gap=" + gapMillis + "ms)";
            case CUMULATE -> "CUMULATE(" + time + ", size=" + sizeMillis + "ms, step=" + slideMillis + "ms)";
        };
    }
}
