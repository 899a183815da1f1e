package io.sabot.engine.internal.exec;

import io.sabot.engine.internal.batch.Batches;
import io.sabot.engine.internal.expr.BatchInput;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.state.spi.KeyGroups;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One producer subtask's connection to the subtasks of a consuming stage. Batches go to one target (forward,
 * gather), in turn (rebalance) or by key group (hash); watermarks, idleness and ends go to every target.
 */
public abstract class Edge {

    /** A consumer subtask's gate and the channel number this producer has on it. */
    public record Target(InputGate gate, int channel) {}

    protected final Target[] targets;
    /** The sending task as its consumers' gates see it (a source lets its barriers past full channels). */
    private InputGate.Producer producer = InputGate.Producer.NONE;

    protected Edge(List<Target> targets) {
        this.targets = targets.toArray(new Target[0]);
    }

    /** Set while wiring, before the task starts. */
    void producer(InputGate.Producer producer) {
        this.producer = producer;
    }

    /** Wakes this edge's producer if it waits for room in a channel (see {@link InputGate#wake}). Any thread. */
    void wakeProducer() {
        for (Target t : targets) {
            t.gate.wake(t.channel);
        }
    }

    /**
     * Sends a batch (ownership passes on, also when it throws); blocks while the receiver is full.
     *
     * @param origin when the source read the batch's rows ({@link Envelope#origin()})
     * @return the nanoseconds it was blocked
     */
    public abstract long send(VectorSchemaRoot batch, long origin) throws InterruptedException;

    /** Sends an element to every target; returns the nanoseconds it was blocked. */
    public long broadcast(Envelope.Kind kind, long watermark, long origin) throws InterruptedException {
        long blocked = 0;
        for (Target t : targets) {
            blocked += t.gate.put(new Envelope(kind, t.channel, null, watermark, origin), producer);
        }
        return blocked;
    }

    protected final long put(Target t, VectorSchemaRoot batch, long origin) throws InterruptedException {
        try {
            return t.gate.put(new Envelope(Envelope.Kind.BATCH, t.channel, batch, 0, origin), producer);
        } catch (InterruptedException e) {
            batch.close();
            throw e;
        }
    }

    /** Forward (i to i) and gather (all to 0): one target. */
    public static final class Single extends Edge {
        public Single(Target target) {
            super(List.of(target));
        }

        @Override
        public long send(VectorSchemaRoot batch, long origin) throws InterruptedException {
            return put(targets[0], batch, origin);
        }
    }

    /** Batches to each target in turn. */
    public static final class Rebalance extends Edge {
        private int next;

        public Rebalance(List<Target> targets) {
            super(targets);
        }

        @Override
        public long send(VectorSchemaRoot batch, long origin) throws InterruptedException {
            Target t = targets[next];
            next = (next + 1) % targets.length;
            return put(t, batch, origin);
        }
    }

    /**
     * Rows to the subtask owning their key's key group ({@link KeyGroups}); target {@code j} is consumer subtask
     * {@code j}. Each batch is split with one gather per target that receives rows.
     */
    public static final class Hash extends Edge {
        private final BatchInput input;
        private final KeyEncoder keys;
        private final int maxParallelism;
        private final BufferAllocator allocator;
        private int[] groups = new int[0];
        private int[][] selections;
        private final int[] counts;

        public Hash(
                List<Target> targets,
                RowType rowType,
                int[] keyColumns,
                int maxParallelism,
                BufferAllocator allocator) {
            super(targets);
            this.input = new BatchInput(rowType);
            DataType[] types = new DataType[keyColumns.length];
            for (int i = 0; i < keyColumns.length; i++) {
                types[i] = rowType.type(keyColumns[i]);
            }
            this.keys = new KeyEncoder(keyColumns, types);
            this.maxParallelism = maxParallelism;
            this.allocator = allocator;
            this.selections = new int[this.targets.length][0];
            this.counts = new int[this.targets.length];
        }

        @Override
        public long send(VectorSchemaRoot batch, long origin) throws InterruptedException {
            if (targets.length == 1) {
                return put(targets[0], batch, origin);
            }
            long blocked = 0;
            int n = batch.getRowCount();
            try {
                input.reset(batch);
                keys.encode(input);
                if (groups.length < n) {
                    groups = new int[Math.max(n, groups.length * 2)];
                }
                KeyGroups.keyGroupsForHashes(keys.hashes, n, maxParallelism, groups);
                java.util.Arrays.fill(counts, 0);
                int p = targets.length;
                for (int i = 0; i < n; i++) {
                    int t = KeyGroups.operatorIndexForKeyGroup(maxParallelism, p, groups[i]);
                    groups[i] = t;
                    counts[t]++;
                }
                for (int t = 0; t < p; t++) {
                    if (selections[t].length < counts[t]) {
                        selections[t] = new int[Math.max(counts[t], selections[t].length * 2)];
                    }
                    counts[t] = 0;
                }
                for (int i = 0; i < n; i++) {
                    int t = groups[i];
                    selections[t][counts[t]++] = i;
                }
                input.release();
                for (int t = 0; t < p; t++) {
                    if (counts[t] == n) {
                        VectorSchemaRoot whole = batch;
                        batch = null;
                        return put(targets[t], whole, origin);
                    }
                    if (counts[t] > 0) {
                        blocked += put(targets[t], Batches.gather(batch, selections[t], counts[t], allocator), origin);
                    }
                }
                return blocked;
            } finally {
                input.release();
                if (batch != null) {
                    batch.close();
                }
            }
        }
    }
}
