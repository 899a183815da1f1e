package io.sabot.benchmarks.api;

import java.nio.file.Path;

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

    @Override
    void close() throws Exception;

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
