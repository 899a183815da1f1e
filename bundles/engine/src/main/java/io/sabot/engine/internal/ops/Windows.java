package io.sabot.engine.internal.ops;

import io.sabot.plan.WindowSpec;

/**
 * Assigns rows to TUMBLE, HOP and CUMULATE windows arithmetically. A row belongs to at most {@link #passes()}
 * windows; pass {@code p} gives each row its {@code p}-th window (if it has one), so one loop per pass assigns a
 * whole batch.
 */
final class Windows {

    private final WindowSpec spec;
    private final int passes;

    Windows(WindowSpec spec) {
        this.spec = spec;
        this.passes = switch (spec.kind()) {
            case TUMBLE -> 1;
            case HOP, CUMULATE -> (int) Math.max(1, (spec.sizeMillis() + spec.slideMillis() - 1) / spec.slideMillis());
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
