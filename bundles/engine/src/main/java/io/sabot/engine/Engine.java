package io.sabot.engine;

import io.sabot.engine.internal.exec.JobRuntime;
import io.sabot.plan.QueryPlan;
import io.sabot.state.spi.KeyGroups;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs query plans. One engine serves many jobs; it holds configuration only, and each {@link #submit} starts an
 * independent job with its own threads and its own child of the root allocator. Thread-safe.
 *
 * <pre>{@code
 * Engine engine = Engine.builder(rootAllocator, resolver).parallelism(2).build();
 * Job job = engine.submit(plan);
 * try (JobResults results = job.results()) {
 *     while (results.hasNext()) {
 *         try (VectorSchemaRoot batch = results.next()) {
 *             ...
 *         }
 *     }
 * }
 * }</pre>
 */
public final class Engine {

    private final BufferAllocator allocator;
    private final ConnectorResolver resolver;
    private final int parallelism;
    private final int maxParallelism;
    private final Duration idleTimeout;
    private final int batchSize;
    private final int channelCapacity;
    private final AtomicLong jobNumbers;

    private Engine(Builder builder) {
        this.jobNumbers = builder.jobNumbers;
        this.allocator = builder.allocator;
        this.resolver = builder.resolver;
        this.parallelism = builder.parallelism;
        this.maxParallelism = builder.maxParallelism;
        this.idleTimeout = builder.idleTimeout;
        this.batchSize = builder.batchSize;
        this.channelCapacity = builder.channelCapacity;
    }

    /**
     * Starts configuring an engine.
     *
     * @param allocator the root (or tenant) allocator every job's memory comes from; jobs create children of it
     * @param resolver finds the connectors and formats tables name
     */
    public static Builder builder(BufferAllocator allocator, ConnectorResolver resolver) {
        return new Builder(allocator, resolver);
    }

    /**
     * Validates {@code plan} (operators, expressions, every table's connector and options) and starts it.
     *
     * @return the running job; never null
     * @throws IllegalArgumentException if the plan uses something the engine cannot run, naming it
     * @throws io.sabot.plugin.OptionValidationException if tables name missing connectors or invalid options; the
     *     message lists every problem of every table at once
     */
    public Job submit(QueryPlan plan) {
        return submit(plan, JobOptions.DEFAULT);
    }

    /**
     * Like {@link #submit(QueryPlan)}, with checkpoints and/or a restore: a restore reads and checks the checkpoint
     * first, commits the output its sinks had pre-committed, then starts every operator and source from it.
     *
     * @throws IllegalArgumentException also if the checkpoint cannot be read (naming the file) or does not fit the job
     */
    public Job submit(QueryPlan plan, JobOptions options) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(options, "options");
        return JobRuntime.start(this, plan, jobNumbers.incrementAndGet(), options);
    }

    public BufferAllocator allocator() {
        return allocator;
    }

    public ConnectorResolver resolver() {
        return resolver;
    }

    /** Subtasks per operator (source readers, keyed operators, sinks). */
    public int parallelism() {
        return parallelism;
    }

    /** The number of key groups keyed state and exchanges are partitioned into. */
    public int maxParallelism() {
        return maxParallelism;
    }

    /** How long a source split may go without data before it stops holding back the watermark. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The preferred number of rows per batch (a hint to readers; operators cut their output to it). */
    public int batchSize() {
        return batchSize;
    }

    /** How many elements (batches, watermarks) a task's input channel holds before its producers block. */
    public int channelCapacity() {
        return channelCapacity;
    }

    /** Configures an {@link Engine}; defaults as in the runtime's configuration. */
    public static final class Builder {
        private final BufferAllocator allocator;
        private final ConnectorResolver resolver;
        private int parallelism = 1;
        private int maxParallelism = KeyGroups.DEFAULT_MAX_PARALLELISM;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int batchSize = 4096;
        private int channelCapacity = 16;
        private AtomicLong jobNumbers = new AtomicLong();

        private Builder(BufferAllocator allocator, ConnectorResolver resolver) {
            this.allocator = Objects.requireNonNull(allocator, "allocator");
            this.resolver = Objects.requireNonNull(resolver, "resolver");
        }

        /** Subtasks per operator, 1 to max-parallelism. Default 1. */
        public Builder parallelism(int value) {
            this.parallelism = value;
            return this;
        }

        /** Key groups, 1 to 32768. Default 128. */
        public Builder maxParallelism(int value) {
            this.maxParallelism = value;
            return this;
        }

        /** Default 30 s; zero or negative disables idleness detection. */
        public Builder watermarkIdleTimeout(Duration value) {
            this.idleTimeout = Objects.requireNonNull(value, "idleTimeout");
            return this;
        }

        /** Rows per batch, at least 1. Default 4096. */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** Elements per task input channel, at least 1. Default 16. */
        public Builder channelCapacity(int value) {
            this.channelCapacity = value;
            return this;
        }

        /**
         * Numbers this engine's jobs ({@code job-<n>}) from a counter shared with other engines, so that job ids and
         * their metric names are unique among them (the engines of one container). Default: numbered per engine,
         * from 1.
         *
         * @since 1.7
         */
        public Builder jobNumbers(AtomicLong counter) {
            this.jobNumbers = Objects.requireNonNull(counter, "counter");
            return this;
        }

        /**
         * Builds the engine.
         *
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public Engine build() {
            KeyGroups.checkParallelism(maxParallelism, parallelism);
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            if (channelCapacity < 1) {
                throw new IllegalArgumentException("channel capacity must be at least 1, got " + channelCapacity);
            }
            return new Engine(this);
        }
    }
}
