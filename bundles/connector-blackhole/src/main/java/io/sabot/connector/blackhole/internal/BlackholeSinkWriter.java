package io.sabot.connector.blackhole.internal;

import io.sabot.connector.spi.sink.SinkWriter;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Discards the batches of one subtask, counting them and their rows: reading the row count is the only work, so a
 * benchmark measures the query, not the sink. The counts are read by tests (and could feed metrics); they are
 * written by the task thread only.
 */
final class BlackholeSinkWriter implements SinkWriter<Void> {

    private long rows;
    private long batches;

    @Override
    public void write(VectorSchemaRoot batch) {
        rows += batch.getRowCount();
        batches++;
    }

    /** The rows written so far, of every kind of change. */
    long rows() {
        return rows;
    }

    /** The batches written so far, including empty ones. */
    long batches() {
        return batches;
    }

    @Override
    public List<Void> prepareCommit(long checkpointId) {
        return List.of();
    }

    @Override
    public void close() {
        // nothing held
    }
}
