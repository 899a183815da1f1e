package io.sabot.runtime;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's view of installed plug-ins, provided as an OSGi service by the runtime bundle.
 *
 * <p>Thread-safe and lock-free for readers. Changes (a bundle started, stopped, updated; a service re-ranked) are
 * reflected before the framework's service event returns, so once a plug-in's service is registered or gone, the
 * next {@link #snapshot()} shows it.
 */
@ProviderType
public interface PluginRegistry {

    /**
     * The current snapshot of bound plug-ins and failures. Failures that only the component runtime can tell (a
     * plug-in component whose activation threw, or whose references are unsatisfied) are looked up at this call.
     */
    PluginSnapshot snapshot();

    /**
     * Calls {@code listener} with every new snapshot after a change, on the thread that made the change (a framework
     * event thread). The listener must be quick and must not call back into the framework's bundle operations.
     *
     * @return closing it removes the listener
     */
    AutoCloseable addListener(Consumer<PluginSnapshot> listener);
}
