package io.sabot.engine.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.engine.JobFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * The result queue of a SELECT delivers every batch the job produced before its end or failure, however far the
 * caller is behind: a job that ends while the queue is full must not make room for the end by dropping a batch
 * (the conformance suite lost one window's rows that way on a loaded machine).
 */
public class ResultsImplTest {

    private static final Schema SCHEMA =
            new Schema(List.of(new Field("v", FieldType.nullable(new ArrowType.Int(64, true)), null)));

    private static VectorSchemaRoot batch(BufferAllocator allocator, long value) {
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        BigIntVector v = (BigIntVector) root.getVector(0);
        v.allocateNew(1);
        v.set(0, value);
        root.setRowCount(1);
        return root;
    }

    private static List<Long> readAll(ResultsImpl results) {
        List<Long> values = new ArrayList<>();
        while (results.hasNext()) {
            try (VectorSchemaRoot b = results.next()) {
                values.add(((BigIntVector) b.getVector(0)).get(0));
            }
        }
        return values;
    }

    @Test
    public void theEndOfAJobWhoseQueueIsFullKeepsEveryBatch() throws Exception {
        try (BufferAllocator root = new RootAllocator()) {
            BufferAllocator allocator = root.newChildAllocator("results", 0, Long.MAX_VALUE);
            ResultsImpl results = new ResultsImpl(SCHEMA, false, allocator, 2, "job-1", () -> {});
            results.put(batch(allocator, 1));
            results.put(batch(allocator, 2));
            results.end();
            results.jobTerminated();
            assertEquals(List.of(1L, 2L), readAll(results));
            results.close();
        }
    }

    @Test
    public void aFailureComesAfterEveryQueuedBatch() throws Exception {
        try (BufferAllocator root = new RootAllocator()) {
            BufferAllocator allocator = root.newChildAllocator("results", 0, Long.MAX_VALUE);
            ResultsImpl results = new ResultsImpl(SCHEMA, false, allocator, 2, "job-1", () -> {});
            results.put(batch(allocator, 1));
            results.put(batch(allocator, 2));
            results.fail(new IllegalStateException("boom"));
            results.jobTerminated();
            List<Long> values = new ArrayList<>();
            JobFailedException failure = assertThrows(JobFailedException.class, () -> {
                while (results.hasNext()) {
                    try (VectorSchemaRoot b = results.next()) {
                        values.add(((BigIntVector) b.getVector(0)).get(0));
                    }
                }
            });
            assertEquals(List.of(1L, 2L), values);
            assertTrue(failure.getMessage(), failure.getMessage().contains("boom"));
            results.close();
        }
    }

    @Test
    public void aProducerWaitsForRoomAndAClosedCallerReleasesIt() throws Exception {
        try (BufferAllocator root = new RootAllocator()) {
            BufferAllocator allocator = root.newChildAllocator("results", 0, Long.MAX_VALUE);
            AtomicBoolean cancelled = new AtomicBoolean();
            ResultsImpl results = new ResultsImpl(SCHEMA, false, allocator, 1, "job-1", () -> cancelled.set(true));
            results.put(batch(allocator, 1));
            Thread producer = new Thread(() -> {
                try {
                    results.put(batch(allocator, 2)); // no room until the caller takes or closes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            producer.join(300);
            assertTrue("the producer waits for room", producer.isAlive());
            try (VectorSchemaRoot first = results.poll(1, TimeUnit.SECONDS)) {
                assertEquals(1L, ((BigIntVector) first.getVector(0)).get(0));
            }
            producer.join(5_000);
            assertFalse(producer.isAlive());
            results.close(); // the second batch is closed unread, the job cancelled
            assertTrue(cancelled.get());
            results.jobTerminated();
            assertEquals(0, root.getAllocatedMemory());
        }
    }
}
