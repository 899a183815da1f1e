package io.sabot.state.memory.internal;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.StateBackendContext;
import io.sabot.state.spi.StateBackendFactory;
import io.sabot.state.spi.StateBackends;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code memory} state backend, the default: keyed state and timers on the heap, canonical Arrow snapshots that
 * restore on any backend. By default the engine's operators keep their own primitive-typed heap tables under it (the
 * fastest path, {@link #operatorHeapTables}); with {@code operator-tables = false} they go through this backend's SPI
 * implementation instead, like on any other backend. Stateless; registered as a {@link StateBackendFactory} service
 * with {@code sabot.state.backend=memory}.
 */
@Component(
        service = StateBackendFactory.class,
        property = StateBackends.STATE_BACKEND_PROPERTY + "=" + MemoryKeyedStateBackend.IDENTIFIER)
public final class MemoryStateBackendFactory implements StateBackendFactory {

    /** {@code state.backend.memory.operator-tables}. */
    static final OptionDescriptor<Boolean> OPERATOR_TABLES = OptionDescriptor.key("operator-tables")
            .booleanType()
            .defaultValue(true)
            .description("Whether the engine's aggregates, joins and windows keep their state in their own"
                    + " primitive-typed heap tables (fastest; true) or go through this backend's generic keyed-state"
                    + " implementation (false), as they do on every other backend. Checkpoints are the same either"
                    + " way.");

    /** Creates the factory; DS does this, tests and embedders may too. */
    public MemoryStateBackendFactory() {}

    @Override
    public String identifier() {
        return MemoryKeyedStateBackend.IDENTIFIER;
    }

    @Override
    public String description() {
        return "Keyed state and timers on the heap (the default; state must fit in memory); canonical Arrow"
                + " snapshots that restore on any backend.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(OPERATOR_TABLES);
    }

    @Override
    public boolean operatorHeapTables(ValidatedOptions options) {
        return options.get(OPERATOR_TABLES);
    }

    @Override
    public KeyedStateBackend createKeyedStateBackend(StateBackendContext context) {
        return new MemoryKeyedStateBackend(context);
    }
}
