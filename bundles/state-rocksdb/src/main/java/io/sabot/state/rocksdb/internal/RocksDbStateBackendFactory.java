package io.sabot.state.rocksdb.internal;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.StateBackendContext;
import io.sabot.state.spi.StateBackendFactory;
import io.sabot.state.spi.StateBackends;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code rocksdb} state backend: keyed state in an embedded RocksDB in each subtask's working directory, on local
 * disk, so state may be larger than the heap. Snapshots are written in the canonical Arrow format and restore on any
 * backend. Stateless; registered as a {@link StateBackendFactory} service with {@code sabot.state.backend=rocksdb}.
 */
@Component(
        service = StateBackendFactory.class,
        property = StateBackends.STATE_BACKEND_PROPERTY + "=" + RocksDbKeyedStateBackend.IDENTIFIER)
public final class RocksDbStateBackendFactory implements StateBackendFactory {

    /** Creates the factory; DS does this, tests and embedders may too. */
    public RocksDbStateBackendFactory() {}

    @Override
    public String identifier() {
        return RocksDbKeyedStateBackend.IDENTIFIER;
    }

    @Override
    public String description() {
        return "Keyed state in an embedded RocksDB on local disk (state larger than the heap); canonical Arrow"
                + " snapshots that restore on any backend.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of();
    }

    @Override
    public KeyedStateBackend createKeyedStateBackend(StateBackendContext context) {
        return new RocksDbKeyedStateBackend(context);
    }
}
