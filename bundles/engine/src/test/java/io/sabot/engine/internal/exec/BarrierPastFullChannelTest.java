package io.sabot.engine.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/**
 * A source task blocked on a full consumer channel (backpressure) when a checkpoint is asked of it: woken, it is let
 * past the full channel, so its batch and then its barrier are queued at once, after what the channel held and in
 * that order, instead of waiting for the consumer to make room.
 */
public class BarrierPastFullChannelTest {

    private static VectorSchemaRoot batch(BufferAllocator allocator, long value) {
        Schema schema = new Schema(List.of(new Field("v", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        BigIntVector v = (BigIntVector) root.getVector(0);
        v.allocateNew(1);
        v.set(0, value);
        root.setRowCount(1);
        return root;
    }

    @Test
    public void aProducerBlockedOnAFullChannelSendsItsBatchAndBarrierInOrderOnceABarrierIsPending() throws Exception {
        try (RootAllocator root = new RootAllocator()) {
            BufferAllocator allocator = root.newChildAllocator("job", 0, Long.MAX_VALUE);
            InputGate gate = new InputGate(1); // two elements per channel
            Outputs outputs = new Outputs(allocator);
            outputs.add(new Edge.Single(new Edge.Target(gate, gate.addChannel(0))));
            boolean[] pending = new boolean[1];
            outputs.producer(() -> pending[0]);
            outputs.emit(batch(allocator, 1));
            outputs.emit(batch(allocator, 2)); // the channel is full

            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread task = new Thread(() -> {
                try {
                    outputs.emit(batch(allocator, 3)); // blocks: full, no barrier pending
                    outputs.emitBarrier(7); // the barrier waits for no room either
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            task.start();
            while (task.getState() != Thread.State.WAITING && task.isAlive()) {
                Thread.sleep(1);
            }
            pending[0] = true; // as SourceTask.triggerCheckpoint: the flag, then the wake-up
            outputs.wakeProducer();
            task.join(TimeUnit.SECONDS.toMillis(10));
            assertNull("the task's sends", thrown.get());

            List<String> queued = new ArrayList<>();
            Envelope e;
            while ((e = gate.poll(0, TimeUnit.MILLISECONDS)) != null) {
                if (e.batch() != null) {
                    queued.add("batch " + ((BigIntVector) e.batch().getVector(0)).get(0));
                    e.batch().close();
                } else {
                    queued.add(e.kind() + " " + e.watermark());
                }
            }
            assertEquals(List.of("batch 1", "batch 2", "batch 3", "BARRIER 7"), queued);
            assertEquals(0, allocator.getAllocatedMemory());
            allocator.close();
        }
    }
}
