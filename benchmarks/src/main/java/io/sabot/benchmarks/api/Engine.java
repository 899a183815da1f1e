package io.sabot.benchmarks.api;

import java.nio.file.Path;
import java.util.List;

/**
 * One engine under test, running a query over the bid table to its end. Implementations live in their own class
 * loader (see {@code EngineLoaders}); this package is the only one they share with the harness, so it uses JDK
 * types only.
 */
public interface Engine extends AutoCloseable {

    /** {@code sabot} or {@code flink}. */
    String name();

    /** A short description: version, deployment, parallelism. */
    String describe();

    /**
     * Runs {@code INSERT INTO sink_<query> <query>} (blackhole sink) over the given source until the bounded input
     * is exhausted and every window has fired.
     *
     * @return nanoseconds from submitting the statement to the end of the job
     * @throws Exception if the engine cannot plan or run it, or it takes more than {@code timeoutSeconds}
     */
    long run(Query query, Source source, long timeoutSeconds) throws Exception;

    /** What the engine tells about the last successful {@link #run} (rows read and written), or "". */
    default String lastRunDetail() {
        return "";
    }

    /** Runs the query's {@code SELECT} over the source and digests every result row. */
    Digest digest(Query query, Source source, long timeoutSeconds) throws Exception;

    /**
     * Checkpoint benchmark, throughput and initiation: runs {@code INSERT INTO sink_<query> <query>} over a source
     * that does not end (the generator with very many events), with checkpoints as {@code setup} says, for {@code
     * warmupSeconds} and then {@code seconds} more, and cancels it.
     *
     * @return the rows read in the measured {@code seconds} and every checkpoint completed during the run
     */
    default TimedRun runFor(Query query, Source source, CheckpointSetup setup, long warmupSeconds, long seconds)
            throws Exception {
        throw new UnsupportedOperationException(name() + " has no checkpoint benchmark");
    }

    /**
     * Checkpoint benchmark, state size: runs {@code INSERT INTO sink_<query> <query>} over the table {@code seq (i
     * BIGINT)} (0, 1, 2, … as fast as the engine reads it, without end) until its source has emitted {@code
     * rowsBefore} rows, then triggers {@code checkpoints} checkpoints one after the other, and cancels it.
     */
    default StateRun keyedState(
            Query query, long rowsBefore, CheckpointSetup setup, int checkpoints, long timeoutSeconds)
            throws Exception {
        throw new UnsupportedOperationException(name() + " has no checkpoint benchmark");
    }

    /**
     * Runs a script to its end: {@code ddl} (statements separated by {@code ;}: tables and {@code SET}s, in the
     * engine's Flink dialect) and then {@code insert}, an {@code INSERT} over bounded sources, until the job ends.
     *
     * @param expectedRows the rows its sources must read, checked by an engine that counts them (Sabot); -1 for
     *     any
     * @return nanoseconds from submitting {@code insert} to the end of the job
     * @throws Exception if the engine cannot plan or run it, reads other than {@code expectedRows} rows, or it takes
     *     more than {@code timeoutSeconds}
     */
    default long runScript(String ddl, String insert, long expectedRows, long timeoutSeconds) throws Exception {
        throw new UnsupportedOperationException(name() + " runs no scripts");
    }

    @Override
    void close() throws Exception;

    /**
     * How a run checkpoints.
     *
     * @param intervalMillis the periodic interval; 0 for no checkpoints at all
     * @param backend the state backend, in the engine's terms (Sabot {@code memory}, {@code rocksdb}; Flink {@code
     *     hashmap}, {@code rocksdb}); the suffix {@code -incremental} turns on incremental checkpoints
     *     ({@code state.backend.incremental}, a key both engines share)
     * @param directory where the run's checkpoints go (deleted afterwards)
     */
    record CheckpointSetup(long intervalMillis, String backend, Path directory) {
        private static final String INCREMENTAL = "-incremental";

        /** The backend's name without the {@code -incremental} suffix. */
        public String backendType() {
            return incremental() ? backend.substring(0, backend.length() - INCREMENTAL.length()) : backend;
        }

        /** Whether the run asks for incremental checkpoints. */
        public boolean incremental() {
            return backend.endsWith(INCREMENTAL);
        }
    }

    /**
     * One completed checkpoint as the engine reports it.
     *
     * @param id its id
     * @param triggeredAtMillis when it was triggered, epoch milliseconds
     * @param durationMillis from trigger to completion
     * @param sizeBytes its files on disk (Flink: the files of its {@code chk-<n>} directory)
     * @param reportedBytes its size as the engine reports it (Flink: the checkpoint statistics' state size)
     * @param alignmentMillis the longest barrier alignment of a task (-1 if unknown)
     * @param initiationMicros from the trigger to the (last) source task starting its snapshot, where the barrier
     *     is injected; -1 if the engine does not report it
     */
    record CheckpointStat(
            long id,
            long triggeredAtMillis,
            long durationMillis,
            long sizeBytes,
            long reportedBytes,
            long alignmentMillis,
            double initiationMicros) {
        /** The same checkpoint with another size on disk. */
        public CheckpointStat withSizeBytes(long bytes) {
            return new CheckpointStat(
                    id, triggeredAtMillis, durationMillis, bytes, reportedBytes, alignmentMillis, initiationMicros);
        }
    }

    /**
     * What {@link #runFor} measured.
     *
     * @param rows rows read by the job's sources in the measured window (every scan of a table counts)
     * @param nanos the measured window
     * @param windowStartMillis the window's start, epoch milliseconds
     * @param windowEndMillis the window's end
     * @param checkpoints every checkpoint completed during the run, warm-up included
     * @param backendUsed the state backend the engine says it used ("" if unknown)
     */
    record TimedRun(
            long rows,
            long nanos,
            long windowStartMillis,
            long windowEndMillis,
            List<CheckpointStat> checkpoints,
            String backendUsed) {}

    /**
     * What {@link #keyedState} measured.
     *
     * @param rowsRead rows the source had emitted when the first checkpoint was triggered
     * @param ingestNanos from submitting the job to then
     * @param checkpoints the triggered checkpoints
     * @param backendUsed the state backend that wrote them, as the engine records it
     */
    record StateRun(long rowsRead, long ingestNanos, List<CheckpointStat> checkpoints, String backendUsed) {}

    /**
     * Where the table {@code bid} comes from.
     *
     * @param kind {@code csv} (the file, through the engine's filesystem connector and csv format) or {@code
     *     memory} (the Nexmark generator inside the engine's source)
     * @param csvFile the CSV file (kind {@code csv})
     * @param bids the bids in the data
     * @param events the Nexmark events of all kinds to generate for them ({@code events.num})
     * @param eventRate events per second of event time ({@code first-event.rate})
     */
    record Source(String kind, Path csvFile, long bids, long events, long eventRate) {}
}
