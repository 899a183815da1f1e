package io.sabot.engine.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
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
 * A node read by several consumers sends a copy of each batch to every edge but the last: a task interrupted
 * (cancelled) while blocked on a full consumer must still release the original batch, or the job's allocator
 * reports a leak when a job with a shared subplan is cancelled.
 */
public class OutputsCancelTest {

    private static VectorSchemaRoot batch(BufferAllocator allocator, int rows) {
        Schema schema = new Schema(List.of(new Field("v", FieldType.nullable(new ArrowType.Int(64, true)), null)));
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        BigIntVector v = (BigIntVector) root.getVector(0);
        v.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            v.set(i, i);
        }
        root.setRowCount(rows);
        return root;
    }

    @Test
    public void anInterruptedSendToASharedOutputReleasesTheOriginal() throws Exception {
        try (RootAllocator root = new RootAllocator()) {
            BufferAllocator allocator = root.newChildAllocator("job", 0, Long.MAX_VALUE);
            InputGate full = new InputGate(1);
            InputGate other = new InputGate(1);
            Outputs outputs = new Outputs(allocator);
            outputs.add(new Edge.Single(new Edge.Target(full, full.addChannel(0))));
            outputs.add(new Edge.Single(new Edge.Target(other, other.addChannel(0))));
            outputs.emit(batch(allocator, 100)); // a channel holds at least two elements: fill both gates
            outputs.emit(batch(allocator, 100));

            AtomicReference<Throwable> thrown = new AtomicReference<>();
            CountDownLatch sending = new CountDownLatch(1);
            Thread task = new Thread(() -> {
                try {
                    sending.countDown();
                    outputs.emit(batch(allocator, 100)); // blocks on the full first gate
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            task.start();
            sending.await();
            while (task.getState() != Thread.State.WAITING && task.isAlive()) {
                Thread.sleep(1);
            }
            task.interrupt();
            task.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue("interrupted: " + thrown.get(), thrown.get() instanceof InterruptedException);
            full.drain();
            other.drain();
            assertEquals("bytes left after the gates were drained", 0, allocator.getAllocatedMemory());
            allocator.close();
        }
    }
}
