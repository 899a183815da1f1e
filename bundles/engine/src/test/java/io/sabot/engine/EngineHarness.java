package io.sabot.engine;

import static org.junit.Assert.assertEquals;

import io.sabot.plan.ChangelogKind;
import io.sabot.plan.QueryPlan;
import io.sabot.plugin.PluginFactory;
import io.sabot.state.spi.StateBackendFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Runs plans on a real engine over test connectors and checks that every byte came back. */
final class EngineHarness implements AutoCloseable {

    final RootAllocator allocator = new RootAllocator();
    private final List<PluginFactory> factories =
            new ArrayList<>(List.of(new TestSourceFactory(), new UpsertTestSourceFactory()));
    int parallelism = 1;
    int batchSize = 1024;
    Duration idleTimeout = Duration.ofSeconds(30);
    /** Where jobs keep keyed state: the heap when null, else this backend plug-in. */
    StateBackendFactory stateBackend;

    private java.nio.file.Path localState;

    /**
     * The backends an operator's tests run on: {@code memory} (the operators' own heap tables), {@code memory-spi}
     * (the memory bundle's SPI implementation, {@code operator-tables = false}) and {@code rocksdb}.
     */
    static List<Object[]> backends() {
        return List.of(new Object[] {"memory"}, new Object[] {"memory-spi"}, new Object[] {"rocksdb"});
    }

    /** A harness whose jobs keep their keyed state on {@code backend} ({@code memory} or {@code rocksdb}). */
    static EngineHarness on(String backend) {
        EngineHarness harness = new EngineHarness();
        if (backend.equals("rocksdb")) {
            harness.stateBackend(new io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory());
        } else if (backend.equals("memory-spi")) {
            harness.stateBackend(
                    new io.sabot.state.memory.internal.MemoryStateBackendFactory(),
                    java.util.Map.of("operator-tables", "false"));
        } else if (!backend.equals("memory")) {
            throw new IllegalArgumentException("backend " + backend);
        }
        return harness;
    }

    /** Jobs of {@link #run} keep their keyed state in {@code factory} (a real plug-in, e.g. rocksdb). */
    EngineHarness stateBackend(StateBackendFactory factory) {
        return stateBackend(factory, java.util.Map.of());
    }

    private java.util.Map<String, String> stateBackendOptions = java.util.Map.of();

    /** Like {@link #stateBackend(StateBackendFactory)}, with the backend's options. */
    EngineHarness stateBackend(StateBackendFactory factory, java.util.Map<String, String> options) {
        this.stateBackend = factory;
        this.stateBackendOptions = options;
        return this;
    }

    /** The options {@link #run} submits with: the state backend, if any. */
    JobOptions options() {
        if (stateBackend == null) {
            return JobOptions.DEFAULT;
        }
        try {
            if (localState == null) {
                localState = java.nio.file.Files.createTempDirectory("engine-harness-state");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return JobOptions.DEFAULT.withStateBackend(new StateBackendConfig(
                stateBackend, stateBackend.validate("test", stateBackendOptions).orThrow(), localState));
    }

    EngineHarness parallelism(int p) {
        this.parallelism = p;
        return this;
    }

    EngineHarness batchSize(int n) {
        this.batchSize = n;
        return this;
    }

    EngineHarness idleTimeout(Duration d) {
        this.idleTimeout = d;
        return this;
    }

    EngineHarness with(PluginFactory factory) {
        factories.add(factory);
        return this;
    }

    Engine engine() {
        return Engine.builder(allocator, ConnectorResolver.of(factories))
                .parallelism(parallelism)
                .maxParallelism(128)
                .batchSize(batchSize)
                .watermarkIdleTimeout(idleTimeout)
                .build();
    }

    /** Runs a bounded SELECT to its end; returns its rows (a changelog's with the row kind first). */
    List<List<Object>> run(QueryPlan plan) throws Exception {
        Job job = engine().submit(plan, options());
        List<List<Object>> rows = collect(job, plan);
        JobStatus status = job.awaitTermination(30, TimeUnit.SECONDS);
        assertEquals(
                "job " + job.name() + " "
                        + job.failure().map(Throwable::toString).orElse(""),
                JobStatus.FINISHED,
                status);
        return rows;
    }

    static List<List<Object>> collect(Job job, QueryPlan plan) {
        List<List<Object>> rows = new ArrayList<>();
        boolean changelog = plan.changelog() == ChangelogKind.RETRACT;
        try (JobResults results = job.results()) {
            while (results.hasNext()) {
                try (VectorSchemaRoot batch = results.next()) {
                    rows.addAll(TestRows.read(batch, plan.root().rowType(), changelog));
                }
            }
        }
        return rows;
    }

    @Override
    public void close() {
        assertEquals("bytes left in the root allocator", 0, allocator.getAllocatedMemory());
        allocator.close();
        if (localState != null) {
            try (var files = java.nio.file.Files.list(localState)) {
                assertEquals("subtask state directories left behind", List.of(), files.toList());
                java.nio.file.Files.delete(localState);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
