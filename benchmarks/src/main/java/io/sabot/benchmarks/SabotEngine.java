package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Digest;
import io.sabot.benchmarks.api.Engine;
import io.sabot.benchmarks.api.Query;
import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.connector.spi.sink.RowKind;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Sabot embedded: a {@link StreamingSqlExecutor} per run with the nexmark, filesystem, csv and blackhole plug-ins. */
public final class SabotEngine implements Engine {

    private final int parallelism;
    private String lastRunDetail = "";
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sabot-benchmark-watchdog");
        t.setDaemon(true);
        return t;
    });

    public SabotEngine(int parallelism) {
        this.parallelism = parallelism;
    }

    @Override
    public String name() {
        return "sabot";
    }

    @Override
    public String describe() {
        return "Sabot " + version() + " (embedded StreamingSqlExecutor), parallelism " + parallelism;
    }

    private static String version() {
        String v = StreamingSqlExecutor.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    private StreamingSqlExecutor executor() {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .watermarkIdleTimeout(Duration.ofSeconds(30))
                .plugins(List.of(
                        new NexmarkSourceFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new BlackholeSinkFactory()))
                .build();
    }

    static String sourceDdl(Source source) {
        String with;
        if (source.kind().equals("csv")) {
            with = "  'connector' = 'filesystem',\n  'path' = '" + source.csvFile() + "',\n  'format' = 'csv'\n";
        } else {
            with = "  'connector' = 'nexmark',\n  'table' = 'bid',\n  'events.num' = '"
                    + source.events() + "',\n  'first-event.rate' = '" + source.eventRate()
                    + "',\n  'max-emit-speed' = 'true',\n  'base-time' = '" + BidData.BASE_TIME_TEXT + "'\n";
        }
        return "CREATE TABLE bid (\n" + BidData.COLUMNS + ") WITH (\n" + with + ")";
    }

    @Override
    public long run(Query query, Source source, long timeoutSeconds) throws Exception {
        try (StreamingSqlExecutor executor = executor()) {
            executor.executeDdl(sourceDdl(source));
            executor.executeDdl(query.sinkDdl());
            lastRunDetail = "";
            long elapsed;
            long start = System.nanoTime();
            try (QueryResult result = executor.executeStreamingSql(query.insert())) {
                AtomicBoolean timedOut = new AtomicBoolean();
                ScheduledFuture<?> timer = watchdog.schedule(
                        () -> {
                            timedOut.set(true);
                            result.cancel();
                        },
                        timeoutSeconds,
                        TimeUnit.SECONDS);
                try {
                    result.awaitTermination();
                } finally {
                    timer.cancel(false);
                }
                elapsed = System.nanoTime() - start;
                JobInfo.State status = result.status();
                if (status == JobInfo.State.FAILED) {
                    throw new ExecutionException(
                            "job " + result.jobId() + " failed",
                            result.failure().orElse(null));
                }
                if (status != JobInfo.State.FINISHED) {
                    if (timedOut.get()) {
                        throw new TimeoutException("no end after " + timeoutSeconds + " s");
                    }
                    throw new IllegalStateException("job " + result.jobId() + " ended " + status);
                }
                JobInfo info = result.info();
                if (info.rowsIn() == 0 || info.rowsIn() % source.bids() != 0) {
                    throw new IllegalStateException("job " + result.jobId() + " read " + info.rowsIn()
                            + " rows: not all of the " + source.bids() + " bids (once per scan)");
                }
                lastRunDetail = String.format(
                        "%,d rows in, %,d rows out, %,d late rows dropped",
                        info.rowsIn(), info.rowsOut(), info.lateRowsDropped());
            }
            return elapsed;
        }
    }

    @Override
    public String lastRunDetail() {
        return lastRunDetail;
    }

    @Override
    public Digest digest(Query query, Source source, long timeoutSeconds) throws Exception {
        try (StreamingSqlExecutor executor = executor()) {
            executor.executeDdl(sourceDdl(source));
            try (QueryResult result = executor.executeStreamingSql(query.select())) {
                ScheduledFuture<?> timer = watchdog.schedule(result::cancel, timeoutSeconds, TimeUnit.SECONDS);
                long rows = 0;
                long checksum = 0;
                try {
                    for (VectorSchemaRoot batch : result) {
                        TinyIntVector kinds =
                                result.isChangelog() ? (TinyIntVector) batch.getVector(RowKind.COLUMN_NAME) : null;
                        List<FieldVector> vectors = batch.getFieldVectors();
                        for (int row = 0; row < batch.getRowCount(); row++) {
                            long sign = 1;
                            if (kinds != null) {
                                RowKind kind = RowKind.fromCode(kinds.get(row));
                                sign = kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER ? 1 : -1;
                            }
                            rows += sign;
                            for (int c = 0; c < vectors.size(); c++) {
                                Long value = longValue(vectors.get(c), row);
                                if (value != null) {
                                    checksum += sign * value * (c + 1);
                                }
                            }
                        }
                    }
                } finally {
                    timer.cancel(false);
                }
                return new Digest(rows, checksum);
            }
        }
    }

    /** BIGINT as is, TIMESTAMP as epoch milliseconds, anything else (or null, or {@code $row_kind}) null. */
    private static Long longValue(FieldVector vector, int row) {
        if (vector.isNull(row) || vector.getName().equals(RowKind.COLUMN_NAME)) {
            return null;
        }
        if (vector instanceof BigIntVector v) {
            return v.get(row);
        }
        if (vector instanceof TimeStampVector v) {
            long raw = v.get(row);
            org.apache.arrow.vector.types.TimeUnit unit =
                    ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
            switch (unit) {
                case SECOND:
                    return raw * 1000;
                case MICROSECOND:
                    return Math.floorDiv(raw, 1000L);
                case NANOSECOND:
                    return Math.floorDiv(raw, 1_000_000L);
                default:
                    return raw;
            }
        }
        return null;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
