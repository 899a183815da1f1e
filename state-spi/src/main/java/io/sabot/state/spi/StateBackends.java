package io.sabot.state.spi;

/**
 * Names shared by the runtime and state backend bundles: the service property a {@link StateBackendFactory} registers
 * with and the job option that selects a backend.
 *
 * <p>A backend bundle registers its factory like this (Declarative Services):
 *
 * <pre>{@code
 * @Component(property = StateBackends.STATE_BACKEND_PROPERTY + "=rocksdb")
 * public class RocksDbStateBackendFactory implements StateBackendFactory { ... }
 * }</pre>
 *
 * <p>and a job selects it with {@code state.backend = rocksdb}; the backend's own options follow under {@code
 * state.backend.rocksdb.}, validated against {@link StateBackendFactory#options()} like any plug-in's.
 */
public final class StateBackends {

    /**
     * Service property naming a {@link StateBackendFactory}'s identifier, e.g. {@code memory} or {@code rocksdb}. Its
     * value must equal {@link StateBackendFactory#identifier()}; a factory registered without it, or with a value
     * another factory already uses, is reported by the runtime as a failed plug-in and not used.
     */
    public static final String STATE_BACKEND_PROPERTY = "sabot.state.backend";

    /** The job option that selects the state backend by identifier, as in Flink: {@code state.backend}. */
    public static final String STATE_BACKEND_OPTION = "state.backend";

    private StateBackends() {}
}
