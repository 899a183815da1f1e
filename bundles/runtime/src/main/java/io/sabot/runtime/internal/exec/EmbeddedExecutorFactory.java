package io.sabot.runtime.internal.exec;

import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.ExecutorOptions;
import io.sabot.runtime.StreamingSqlExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.arrow.memory.RootAllocator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Executors for a program that starts the container itself ({@code sabot-embedded}'s {@code SabotContainer}). That
 * program's {@code StreamingSqlExecutor.builder().build()} runs in its own class loader, outside the container, so it
 * asks this service instead: the request is a map of executor options by seed name (plain JDK values), the answer
 * an executor over the plug-in registry, exactly what {@code builder().build()} gives a bundle. The embedder reaches
 * it through its own copy of the {@code io.sabot.runtime} interfaces.
 *
 * <p>Executors still open when the runtime stops (or the container shuts down) are closed, which cancels their
 * queries.
 */
@Component(
        service = Function.class,
        property = {
            "sabot.executor.factory=registry",
            "service.description=Creates StreamingSqlExecutors over the plug-in registry for embedding programs"
        })
public final class EmbeddedExecutorFactory implements Function<Map<String, Object>, Object> {

    private final ConnectorResolver resolver;
    private final Set<StreamingSqlExecutor> open = ConcurrentHashMap.newKeySet();

    @Activate
    public EmbeddedExecutorFactory(@Reference(target = "(sabot.resolver=registry)") ConnectorResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @throws io.sabot.plugin.OptionValidationException listing every bad option
     */
    @Override
    public Object apply(Map<String, Object> options) {
        ExecutorOptions validated = ExecutorOptions.of(options);
        StreamingSqlExecutor[] self = new StreamingSqlExecutor[1];
        SqlExecutor executor = new SqlExecutor(validated, resolver, new RootAllocator(), () -> open.remove(self[0]));
        self[0] = executor;
        open.add(executor);
        return executor;
    }

    @Deactivate
    void deactivate() {
        List<StreamingSqlExecutor> remaining = new ArrayList<>(open);
        for (StreamingSqlExecutor executor : remaining) {
            executor.close();
        }
    }
}
