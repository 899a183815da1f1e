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

    /** Flink's {@code state.backend.rocksdb.block.cache-size}; here per subtask's RocksDB. */
    static final OptionDescriptor<Long> BLOCK_CACHE_SIZE = OptionDescriptor.key("block.cache-size")
            .memorySizeType()
            .defaultValue(32L << 20)
            .check(v -> v >= 0, "zero or more bytes")
            .description("Size of the block cache of each subtask's RocksDB (state.backend.rocksdb.block.cache-size,"
                    + " e.g. '64 mb'); 0 disables it.");

    /** Flink's {@code state.backend.rocksdb.writebuffer.size}. */
    static final OptionDescriptor<Long> WRITE_BUFFER_SIZE = OptionDescriptor.key("writebuffer.size")
            .memorySizeType()
            .defaultValue(64L << 20)
            .check(v -> v >= (1L << 20), "at least 1 mb")
            .description("Size of each state's memtable before it is flushed to a file on local disk.");

    /** Flink's {@code state.backend.rocksdb.use-bloom-filter} (there off by default). */
    static final OptionDescriptor<Boolean> BLOOM_FILTER = OptionDescriptor.key("use-bloom-filter")
            .booleanType()
            .defaultValue(true)
            .description("Bloom filters (10 bits per key) in the state files, so that looking up a group that does"
                    + " not exist yet (every new key) rarely reads a file.");

    /** Flink's {@code state.backend.incremental}; the runtime passes that job setting here. */
    static final OptionDescriptor<Boolean> INCREMENTAL = OptionDescriptor.key("incremental")
            .booleanType()
            .defaultValue(false)
            .description("Incremental checkpoints: RocksDB's own files, each table file written once and shared by"
                    + " the checkpoints that contain it (only new files are written). Savepoints stay in the"
                    + " canonical format; an incremental checkpoint restores only on rocksdb.");

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(BLOCK_CACHE_SIZE, WRITE_BUFFER_SIZE, BLOOM_FILTER, INCREMENTAL);
    }

    @Override
    public KeyedStateBackend createKeyedStateBackend(StateBackendContext context) {
        return new RocksDbKeyedStateBackend(context);
    }
}
