package io.sabot.benchmarks.api;

/**
 * What a query produced, cheaply comparable across engines: the net row count (inserts minus retractions) and a
 * checksum over its BIGINT and TIMESTAMP columns (each value, as a long, times its column's position, signed like
 * the row's change; timestamps as epoch milliseconds).
 */
public record Digest(long rows, long checksum) {

    @Override
    public String toString() {
        return String.format("%,d rows, checksum %016x", rows, checksum);
    }
}
