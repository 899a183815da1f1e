package io.sabot.plan;

/**
 * Which windows rows are assigned to.
 *
 * @param kind the window kind
 * @param timeColumn the input column with the time attribute windows are computed on
 * @param sizeMillis TUMBLE, HOP and CUMULATE: the window size (CUMULATE: the largest window); 0 for SESSION
 * @param slideMillis HOP: the slide; CUMULATE: the step; 0 otherwise
 * @param gapMillis SESSION: the gap; 0 otherwise
 * @param offsetMillis window start alignment offset (Flink's {@code offset}), usually 0
 */
public record WindowSpec(
        WindowKind kind, int timeColumn, long sizeMillis, long slideMillis, long gapMillis, long offsetMillis) {

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

    @Override
    public String toString() {
        return switch (kind) {
            case TUMBLE -> "TUMBLE($" + timeColumn + ", size=" + sizeMillis + "ms)";
            case HOP -> "HOP($" + timeColumn + ", size=" + sizeMillis + "ms, slide=" + slideMillis + "ms)";
            case SESSION -> "SESSION($" + timeColumn + ", gap=" + gapMillis + "ms)";
            case CUMULATE -> "CUMULATE($" + timeColumn + ", size=" + sizeMillis + "ms, step=" + slideMillis + "ms)";
        };
    }
}
