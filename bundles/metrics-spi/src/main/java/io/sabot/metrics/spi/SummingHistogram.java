package io.sabot.metrics.spi;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Reservoir;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Histogram} that also keeps the exact sum of every value it was given, which Dropwizard's does not: formats
 * whose summaries carry a sum (Prometheus' {@code _sum}) report it exactly, and averages over any interval follow from
 * two scrapes. The runtime registers its histograms as these. Updating costs one more {@link LongAdder} add: lock-free.
 *
 * @since 1.3
 */
public class SummingHistogram extends Histogram {

    private final LongAdder sum = new LongAdder();

    public SummingHistogram(Reservoir reservoir) {
        super(reservoir);
    }

    @Override
    public void update(int value) {
        update((long) value);
    }

    @Override
    public void update(long value) {
        super.update(value);
        sum.add(value);
    }

    /** The sum of every value given since creation, in the histogram's unit. */
    public long getSum() {
        return sum.sum();
    }
}
