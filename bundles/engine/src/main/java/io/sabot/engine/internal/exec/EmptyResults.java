package io.sabot.engine.internal.exec;

import io.sabot.engine.JobResults;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The results of an INSERT INTO job: none. */
final class EmptyResults implements JobResults {
    static final EmptyResults INSTANCE = new EmptyResults();

    @Override
    public Schema schema() {
        return new Schema(java.util.List.of());
    }

    @Override
    public boolean isChangelog() {
        return false;
    }

    @Override
    public VectorSchemaRoot poll(long timeout, TimeUnit unit) {
        return null;
    }

    @Override
    public void close() {}

    @Override
    public boolean hasNext() {
        return false;
    }

    @Override
    public VectorSchemaRoot next() {
        throw new NoSuchElementException();
    }
}
