package io.sabot.runtime.internal.exec;

import io.sabot.runtime.JobInfo;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The CLI's progress line for a running job: elapsed time, rows in and out with the input rate since the previous
 * line, late rows, the event-time watermark (UTC, as Flink's web UI shows it), and the last checkpoint (id, duration,
 * size, alignment, age) with the failed count.
 */
public final class ProgressLine {

    private static final DateTimeFormatter WATERMARK =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private long lastRowsIn = -1;
    private long lastNanos;

    /**
     * The line for {@code info} with the job's {@code watermark} (epoch milliseconds, {@link Long#MIN_VALUE} before the
     * first) at {@code nanos} ({@link System#nanoTime()}); the rate is since the previous call.
     */
    String format(JobInfo info, long watermark, long nanos, Instant now) {
        StringBuilder line = new StringBuilder();
        line.append(info.id()).append(' ').append(info.state()).append(' ');
        line.append(elapsed(Duration.between(info.started(), info.ended().orElse(now))));
        line.append(" | in ").append(count(info.rowsIn()));
        if (lastRowsIn >= 0 && nanos > lastNanos) {
            double perSecond = (info.rowsIn() - lastRowsIn) * 1e9 / (nanos - lastNanos);
            line.append(" (").append(count(Math.round(perSecond))).append("/s)");
        }
        lastRowsIn = info.rowsIn();
        lastNanos = nanos;
        line.append(" | out ").append(count(info.rowsOut()));
        if (info.lateRowsDropped() > 0) {
            line.append(" | late ").append(count(info.lateRowsDropped()));
        }
        line.append(" | wm ").append(watermark(watermark));
        info.lastCheckpoint().ifPresent(c -> {
            line.append(" | ")
                    .append(c.savepoint() ? "savepoint " : "checkpoint ")
                    .append(c.id())
                    .append(": ")
                    .append(c.durationMillis())
                    .append(" ms, ")
                    .append(bytes(c.sizeBytes()))
                    .append(", aligned ")
                    .append(c.alignmentMillis())
                    .append(" ms, ")
                    .append(Math.max(0, Duration.between(c.completedAt(), now).toSeconds()))
                    .append(" s ago");
        });
        if (info.checkpointsFailed() > 0) {
            line.append(" | ").append(info.checkpointsFailed()).append(" failed");
        }
        return line.toString();
    }

    /** The job registry's summary of the last checkpoint: {@code 12 (230 ms, 4.5 MB, aligned 3 ms)}. */
    public static String checkpoint(JobInfo info) {
        if (info.lastCheckpoint().isEmpty()) {
            return info.checkpointsFailed() > 0 ? "none, " + info.checkpointsFailed() + " failed" : "-";
        }
        JobInfo.Checkpoint c = info.lastCheckpoint().get();
        return (c.savepoint() ? "savepoint " : "") + c.id() + " (" + c.durationMillis() + " ms, " + bytes(c.sizeBytes())
                + ", aligned " + c.alignmentMillis() + " ms"
                + (info.checkpointsFailed() > 0 ? ", " + info.checkpointsFailed() + " failed" : "") + ")";
    }

    /** {@code -} before the first watermark, {@code end} once every input has ended, else the UTC time. */
    static String watermark(long millis) {
        if (millis == Long.MIN_VALUE) {
            return "-";
        }
        return millis == Long.MAX_VALUE ? "end" : WATERMARK.format(Instant.ofEpochMilli(millis));
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGT";
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %siB", value, units.charAt(unit));
    }

    static String elapsed(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
