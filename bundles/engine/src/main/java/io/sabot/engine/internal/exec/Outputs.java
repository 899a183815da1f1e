package io.sabot.engine.internal.exec;

import io.sabot.engine.internal.batch.Batches;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The end of a task's chain: sends to every outgoing edge (a copy per extra edge when a node's output feeds several
 * consumers).
 */
public final class Outputs implements Collector {

    private final List<Edge> edges = new ArrayList<>();
    private final BufferAllocator allocator;
    private boolean idle;

    public Outputs(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    public void add(Edge edge) {
        edges.add(edge);
    }

    @Override
    public void emit(VectorSchemaRoot batch) throws InterruptedException {
        if (batch.getRowCount() == 0 || edges.isEmpty()) {
            batch.close();
            return;
        }
        idle = false;
        int last = edges.size() - 1;
        try {
            for (int i = 0; i < last; i++) {
                edges.get(i).send(Batches.copy(batch, allocator));
            }
        } catch (Throwable t) {
            batch.close(); // interrupted (cancel) while sending a copy: the original never reaches its edge
            throw t;
        }
        edges.get(last).send(batch);
    }

    @Override
    public void emitWatermark(long watermark) throws InterruptedException {
        idle = false;
        for (Edge edge : edges) {
            edge.broadcast(Envelope.Kind.WATERMARK, watermark);
        }
    }

    /** Tells consumers not to wait for this task's watermark until it sends data or a watermark again. */
    public void emitIdle() throws InterruptedException {
        if (idle) {
            return;
        }
        idle = true;
        for (Edge edge : edges) {
            edge.broadcast(Envelope.Kind.IDLE, 0);
        }
    }

    public void emitBarrier(long checkpointId) throws InterruptedException {
        for (Edge edge : edges) {
            edge.broadcast(Envelope.Kind.BARRIER, checkpointId);
        }
    }

    public void emitEnd() throws InterruptedException {
        for (Edge edge : edges) {
            edge.broadcast(Envelope.Kind.END, 0);
        }
    }
}
