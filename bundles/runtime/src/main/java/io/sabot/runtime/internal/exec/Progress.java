package io.sabot.runtime.internal.exec;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reports a running query's progress on standard error while the CLI waits for it: either one line rewritten every
 * second (on a terminal), or a line whenever a checkpoint completes or fails and at least once a minute (logs, pipes).
 * A final line when the query ends, if there was any.
 */
final class Progress implements AutoCloseable {

    private static final long LINES_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final QueryResult result;
    private final PrintStream err;
    private final boolean live;
    private final ProgressLine line = new ProgressLine();
    private final LongSupplier watermark;
    private final ScheduledExecutorService timer;
    private long printedCheckpoints;
    private long printedFailures;
    private long printedAt = System.nanoTime();
    private boolean dirty;
    private boolean printed;

    Progress(QueryResult result, PrintStream err, boolean live) {
        this.result = result;
        this.err = err;
        this.live = live;
        this.watermark = result instanceof QueryResultImpl impl ? impl::watermark : () -> Long.MIN_VALUE;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sabot-cli-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private synchronized void tick() {
        try {
            JobInfo info = result.info();
            long now = System.nanoTime();
            if (live) {
                err.print("\r\033[K" + line.format(info, watermark.getAsLong(), now, Instant.now()));
                err.flush();
                dirty = true;
            } else if (info.checkpointsCompleted() != printedCheckpoints
                    || info.checkpointsFailed() != printedFailures
                    || now - printedAt >= LINES_EVERY_NANOS) {
                print(info, now);
            }
        } catch (RuntimeException e) {
            // the progress line must never disturb the job or the CLI: skip this tick
        }
    }

    private void print(JobInfo info, long now) {
        err.println("sabot sql: " + line.format(info, watermark.getAsLong(), now, Instant.now()));
        printedCheckpoints = info.checkpointsCompleted();
        printedFailures = info.checkpointsFailed();
        printedAt = now;
        printed = true;
    }

    /** Stops reporting and prints the final line. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (dirty) {
            err.print("\r\033[K");
        }
        if (dirty || printed) { // short queries end without any progress output
            print(result.info(), System.nanoTime());
        }
    }
}
