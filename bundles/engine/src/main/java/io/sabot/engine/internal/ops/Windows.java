package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.column.LongColumn;
import io.sabot.plan.WindowSpec;

/**
 * Assigns rows to TUMBLE, HOP and CUMULATE windows arithmetically. A row belongs to at most {@link #passes()}
 * windows; pass {@code p} gives each row its {@code p}-th window (if it has one), so one loop per pass assigns a
 * whole batch. Attached windows (of any kind) are read from the rows' window columns in one pass.
 */
final class Windows {

    private final WindowSpec spec;
    private final int passes;

    Windows(WindowSpec spec) {
        this.spec = spec;
        this.passes = spec.isAttached()
                ? 1
                : switch (spec.kind()) {
                    case TUMBLE -> 1;
                    case HOP, CUMULATE -> (int)
                            Math.max(1, (spec.sizeMillis() + spec.slideMillis() - 1) / spec.slideMillis());
                    case SESSION -> throw new IllegalArgumentException("SESSION windows are merged, not assigned");
                };
        if (passes > 10_000) {
            throw new IllegalArgumentException("window " + spec + " puts each row into " + passes + " windows");
        }
    }

    int passes() {
        return passes;
    }

    /**
     * Attached windows: each row's window is its start and end column ({@code valid[i]} false where either is
     * NULL).
     */
    void assignAttached(LongColumn start, LongColumn end, int n, long[] starts, long[] ends, boolean[] valid) {
        System.arraycopy(start.values, 0, starts, 0, n);
        System.arraycopy(end.values, 0, ends, 0, n);
        boolean[] startNulls = start.hasNulls() ? start.nulls() : null;
        boolean[] endNulls = end.hasNulls() ? end.nulls() : null;
        for (int i = 0; i < n; i++) {
            valid[i] = (startNulls == null || !startNulls[i]) && (endNulls == null || !endNulls[i]);
        }
    }

    /**
     * Window {@code pass} of rows {@code ts[0…n)}: fills {@code starts}/{@code ends} and returns {@code valid[i]}
     * false for rows without such a window (or with a NULL time).
     */
    void assign(int pass, long[] ts, boolean[] nulls, int n, long[] starts, long[] ends, boolean[] valid) {
        long size = spec.sizeMillis();
        long offset = spec.offsetMillis();
        switch (spec.kind()) {
            case TUMBLE -> {
                for (int i = 0; i < n; i++) {
                    long start = ts[i] - Math.floorMod(ts[i] - offset, size);
                    starts[i] = start;
                    ends[i] = start + size;
                    valid[i] = nulls == null || !nulls[i];
                }
            }
            case HOP -> {
                long slide = spec.slideMillis();
                for (int i = 0; i < n; i++) {
                    long start = ts[i] - Math.floorMod(ts[i] - offset, slide) - (long) pass * slide;
                    starts[i] = start;
                    ends[i] = start + size;
                    valid[i] = start + size > ts[i] && (nulls == null || !nulls[i]);
                }
            }
            case CUMULATE -> {
                long step = spec.slideMillis();
                for (int i = 0; i < n; i++) {
                    long start = ts[i] - Math.floorMod(ts[i] - offset, size);
                    long end = Math.min(start + (pass + 1) * step, start + size);
                    starts[i] = start;
                    ends[i] = end;
                    boolean last = pass == passes - 1 || start + (pass + 1) * step <= start + size;
                    valid[i] = end > ts[i] && last && (nulls == null || !nulls[i]);
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
