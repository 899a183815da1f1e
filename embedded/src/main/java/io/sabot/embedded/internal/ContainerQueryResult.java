package io.sabot.embedded.internal;

import io.sabot.runtime.QueryResult;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Flow;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The program's {@link QueryResult} over a result of the container. Batches need no translation: the container's
 * Arrow is the program's (the system bundle exports it), so the iterator and publisher are handed out as they are.
 */
final class ContainerQueryResult implements QueryResult {

    static final String API = "io.sabot.runtime.QueryResult";
    private static final Class<?>[] PATH = {java.nio.file.Path.class};

    private final Remote remote;

    ContainerQueryResult(Object target) {
        this.remote = new Remote(target, API);
    }

    @Override
    public String jobId() {
        return (String) remote.call("jobId");
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> columns() {
        return (List<String>) remote.call("columns");
    }

    @Override
    public boolean isChangelog() {
        return (Boolean) remote.call("isChangelog");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterator<VectorSchemaRoot> iterator() {
        return (Iterator<VectorSchemaRoot>) remote.call("iterator");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Flow.Publisher<VectorSchemaRoot> publisher() {
        return (Flow.Publisher<VectorSchemaRoot>) remote.call("publisher");
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        try {
            remote.callChecked("awaitTermination", new Class<?>[0]);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The container's state enum, by name: {@code io.sabot.runtime} is not shared across the boundary. */
    @Override
    public io.sabot.runtime.JobInfo.State status() {
        return io.sabot.runtime.JobInfo.State.valueOf(((Enum<?>) remote.call("status")).name());
    }

    @Override
    @SuppressWarnings("unchecked")
    public java.util.Optional<Throwable> failure() {
        return (java.util.Optional<Throwable>) remote.call("failure");
    }

    /** The container's {@code JobInfo} record, copied component by component into the program's. */
    @Override
    public io.sabot.runtime.JobInfo info() {
        return RecordCopy.copy(remote.call("info"), io.sabot.runtime.JobInfo.class);
    }

    @Override
    public io.sabot.runtime.SavepointInfo savepoint(java.nio.file.Path targetDirectory) {
        return RecordCopy.copy(remote.call("savepoint", PATH, targetDirectory), io.sabot.runtime.SavepointInfo.class);
    }

    @Override
    public io.sabot.runtime.SavepointInfo stopWithSavepoint(java.nio.file.Path targetDirectory) {
        return RecordCopy.copy(
                remote.call("stopWithSavepoint", PATH, targetDirectory), io.sabot.runtime.SavepointInfo.class);
    }

    @Override
    public void cancel() {
        remote.call("cancel");
    }

    @Override
    public void close() {
        remote.call("close");
    }

    @Override
    public String toString() {
        return "ContainerQueryResult[" + remote.target() + "]";
    }
}
