package io.sabot.engine.internal.exec;

import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.metrics.TaskMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The end of a task's chain: sends to every outgoing edge (a copy per extra edge when a node's output feeds several
 * consumers), stamping each element with when the source read the rows it follows from, and counting the time the
 * task is blocked on full channels as backpressure.
 */
public final class Outputs implements Collector {

    private final List<Edge> edges = new ArrayList<>();
    private final BufferAllocator allocator;
    private boolean idle;
    private TaskMetrics metrics;
    private long origin;

    public Outputs(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    public void add(Edge edge) {
        edges.add(edge);
    }

    /**
     * How the task's consumers see it as a producer: a source task lets its pending barrier past full channels (see
     * {@link InputGate.Producer}). Set before the task starts, after every edge was added.
     */
    void producer(InputGate.Producer producer) {
        for (Edge edge : edges) {
            edge.producer(producer);
        }
    }

    /** Wakes the task if it waits for room in a consumer's channel, to look at its producer state again. Any thread. */
    void wakeProducer() {
        for (Edge edge : edges) {
            edge.wakeProducer();
        }
    }

    /** Where blocked time is counted (null: nowhere). */
    void metrics(TaskMetrics metrics) {
        this.metrics = metrics;
    }

    /** When the source read the rows being processed now ({@code System.nanoTime()}; 0 unknown). */
    void origin(long nanos) {
        this.origin = nanos;
    }

    private void blocked(long nanos) {
        if (metrics != null) {
            metrics.blocked(nanos);
        }
    }

    @Override
    public void emit(VectorSchemaRoot batch) throws InterruptedException {
        if (batch.getRowCount() == 0 || edges.isEmpty()) {
            batch.close();
            return;
        }
        idle = false;
        int last = edges.size() - 1;
        long blocked = 0;
        try {
            for (int i = 0; i < last; i++) {
                blocked += edges.get(i).send(Batches.copy(batch, allocator), origin);
            }
        } catch (Throwable t) {
            batch.close(); // interrupted (cancel) while sending a copy: the original never reaches its edge
            throw t;
        }
        blocked += edges.get(last).send(batch, origin);
        blocked(blocked);
    }

    @Override
    public void emitWatermark(long watermark) throws InterruptedException {
        idle = false;
        broadcast(Envelope.Kind.WATERMARK, watermark);
    }

    private void broadcast(Envelope.Kind kind, long value) throws InterruptedException {
        long blocked = 0;
        for (Edge edge : edges) {
            blocked += edge.broadcast(kind, value, origin);
        }
        blocked(blocked);
    }

    /** Tells consumers not to wait for this task's watermark until it sends data or a watermark again. */
    public void emitIdle() throws InterruptedException {
        if (idle) {
            return;
        }
        idle = true;
        broadcast(Envelope.Kind.IDLE, 0);
    }

    public void emitBarrier(long checkpointId) throws InterruptedException {
        broadcast(Envelope.Kind.BARRIER, checkpointId);
    }

    public void emitEnd() throws InterruptedException {
        broadcast(Envelope.Kind.END, 0);
    }
}
