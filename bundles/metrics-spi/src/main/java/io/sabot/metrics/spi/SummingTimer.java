package io.sabot.metrics.spi;

import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Timer} that also keeps the exact sum of the durations it recorded through {@link #update(long, TimeUnit)},
 * {@link #update(Duration)} and {@link Timer.Context#stop()} (Dropwizard's own {@code time(…)} helpers bypass them and
 * are not summed), so that formats with a sum (Prometheus' {@code _sum}) report it exactly. The runtime registers its
 * timers as these.
 *
 * @since 1.3
 */
public class SummingTimer extends Timer {

    private final LongAdder sumNanos = new LongAdder();

    public SummingTimer(Reservoir reservoir) {
        super(reservoir);
    }

    @Override
    public void update(long duration, TimeUnit unit) {
        super.update(duration, unit);
        if (duration >= 0) { // as Timer, which ignores negative durations
            sumNanos.add(unit.toNanos(duration));
        }
    }

    @Override
    public void update(Duration duration) {
        update(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The sum of the recorded durations, in nanoseconds. */
    public long getSumNanos() {
        return sumNanos.sum();
    }
}
