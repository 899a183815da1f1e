package io.sabot.state.spi;

import io.sabot.plugin.PluginFactory;
import io.sabot.plugin.ValidatedOptions;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates the keyed state backend of one operator subtask. Register it as an OSGi service with {@value
 * StateBackends#STATE_BACKEND_PROPERTY} set to {@link #identifier()}.
 *
 * <p>Like every {@link PluginFactory}, the factory declares its options (for instance a RocksDB block-cache size) with
 * {@link #options()}; the runtime validates the user's options against them, reporting every problem at once, and
 * hands the result to {@link #createKeyedStateBackend} in {@link StateBackendContext#options()}.
 *
 * <p><b>Threading.</b> The factory is a stateless, thread-safe service: the runtime may create backends for several
 * subtasks from several threads at once. Shared resources a backend family needs (a native library, a shared block
 * cache) belong to the factory's component and are released when it deactivates; the runtime closes every backend a
 * factory created before the factory's service goes away, and a job using it pauses until a factory with the same
 * identifier returns.
 *
 * <p><b>Hot swap.</b> A job never moves from one backend to another while it runs: switching backends means stopping
 * the job with a savepoint (written in the canonical format of {@link io.sabot.state.spi.snapshot}) and starting it
 * on the new backend from that savepoint. A bundle update of the same backend is handled the same way, from the
 * latest checkpoint.
 */
@ConsumerType
public interface StateBackendFactory extends PluginFactory {

    /**
     * Creates an empty backend for one subtask. The runtime then calls {@link KeyedStateBackend#restore} if the job
     * restarts from a checkpoint or savepoint, before any other method.
     *
     * <p>This call may allocate and open local resources (a RocksDB instance in {@link
     * StateBackendContext#workingDirectory()}), but should be quick: it runs while the job is (re)starting.
     *
     * @param context the subtask's identity, its key-group range, its allocator, working directory and the validated
     *     options; valid for the backend's lifetime
     * @return a new backend owned by the caller, who closes it; never null
     * @throws io.sabot.plugin.PluginException if the options are valid one by one but cannot work together, or a local
     *     resource cannot be created (the message names it)
     */
    KeyedStateBackend createKeyedStateBackend(StateBackendContext context);

    /**
     * Whether operators that keep state in tables of their own on the heap (the engine's primitive-typed hash tables of
     * aggregates, joins and windows) may go on doing so under this backend, instead of going through {@link
     * KeyedStateBackend}: they then snapshot those tables themselves in the canonical format of {@link
     * io.sabot.state.spi.snapshot}, so their checkpoints restore on any backend, and the factory creates no backend
     * for them. A heap backend says yes, since going through the generic SPI on the heap costs an encoding of every
     * key and a copy of every accumulator per batch for nothing; a backend whose point is to keep state elsewhere
     * (on disk, in a remote store) says no, and so may a heap backend on request (to exercise its SPI path).
     *
     * <p>Operators without such tables always use the backend. The runtime asks once per job, with the job's validated
     * options; the answer must depend on the options only.
     *
     * @param options the job's options for this backend, validated against {@link #options()}
     * @return true if operators may keep their own heap tables; default false
     * @since 1.1
     */
    default boolean operatorHeapTables(ValidatedOptions options) {
        return false;
    }
}
