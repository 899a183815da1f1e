package io.sabot.engine;

import io.sabot.plugin.ValidatedOptions;
import io.sabot.state.spi.StateBackendFactory;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The state backend a job keeps its keyed state in, when it is not the engine's own in-heap tables ({@code memory},
 * the default, which needs no configuration). The engine asks {@code factory} for one backend per subtask of every
 * operator that can keep its state there (unwindowed and window aggregations); the other stateful operators keep
 * their state on the heap, and the job says so in a notice.
 *
 * @param factory the backend's factory, e.g. the {@code rocksdb} plug-in's
 * @param options the backend's options, validated against {@link StateBackendFactory#options()}
 * @param localDirectory where the backends' working directories go (one per subtask, deleted when it closes)
 * @since 1.2
 */
public record StateBackendConfig(StateBackendFactory factory, ValidatedOptions options, Path localDirectory) {

    public StateBackendConfig {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(localDirectory, "localDirectory");
    }

    /** The backend's identifier, e.g. {@code rocksdb}. */
    public String identifier() {
        return factory.identifier();
    }
}
