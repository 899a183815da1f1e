package io.sabot.runtime.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.engine.ConnectorResolver;
import io.sabot.engine.JobOptions;
import io.sabot.plugin.PluginFactory;
import io.sabot.runtime.ExecutorOptions;
import io.sabot.state.memory.internal.MemoryStateBackendFactory;
import io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory;
import io.sabot.state.spi.StateBackendFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * {@code memory} is selected through the registry like any backend: refused when its bundle is absent, the
 * operators' own heap tables by default (no backend instance), the bundle's SPI implementation with {@code
 * operator-tables = false}; outside the container the executor finds it on the class path.
 */
public class MemoryStateBackendSelectionTest {

    private static JobOptions select(Map<String, String> settings, PluginFactory... installed) {
        List<String> notices = new ArrayList<>();
        return JobSettings.stateBackend(
                JobOptions.DEFAULT,
                ExecutorOptions.of(Map.of()),
                settings,
                ConnectorResolver.of(List.of(installed)),
                notices::add);
    }

    @Test
    public void memoryIsRefusedWhenItsBundleIsNotInstalled() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> select(Map.of(), new RocksDbStateBackendFactory()));
        assertEquals(
                "executor option state_backend = 'memory': the memory state backend's bundle (sabot-state-memory) is"
                        + " not installed; installed state backends: rocksdb",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> select(Map.of("state.backend.type", "memory")));
        assertEquals(
                "'state.backend.type' = 'memory': the memory state backend's bundle (sabot-state-memory) is not"
                        + " installed; installed state backends: none",
                e.getMessage());
    }

    @Test
    public void memoryKeepsTheOperatorsHeapTablesByDefault() {
        JobOptions job = select(Map.of(), new MemoryStateBackendFactory());
        assertTrue(
                "no backend instance: the operators' own tables",
                job.stateBackend().isEmpty());
    }

    @Test
    public void memoryWithoutOperatorTablesIsTheBundlesSpiImplementation() {
        MemoryStateBackendFactory memory = new MemoryStateBackendFactory();
        JobOptions job = select(Map.of("state.backend.memory.operator-tables", "false"), memory);
        assertSame(memory, job.stateBackend().orElseThrow().factory());
    }

    @Test
    public void memoryOptionsAreValidated() {
        Exception e = assertThrows(
                Exception.class,
                () -> select(Map.of("state.backend.memory.operator-table", "false"), new MemoryStateBackendFactory()));
        assertTrue(e.getMessage(), e.getMessage().contains("operator-table"));
        assertTrue(e.getMessage(), e.getMessage().contains("operator-tables"));
    }

    @Test
    public void outsideTheContainerTheExecutorFindsMemoryOnTheClassPath() {
        List<PluginFactory> given = List.of(new RocksDbStateBackendFactory());
        List<PluginFactory> all = Executors.withDefaultStateBackend(given);
        assertEquals(2, all.size());
        assertTrue(all.get(1) instanceof MemoryStateBackendFactory);
        // a memory backend the caller names is kept, not doubled
        List<PluginFactory> own = List.of(new MemoryStateBackendFactory());
        assertSame(own, Executors.withDefaultStateBackend(own));
        assertTrue(((StateBackendFactory) all.get(1))
                .operatorHeapTables(((StateBackendFactory) all.get(1))
                        .validate("test", Map.of())
                        .orThrow()));
    }
}
