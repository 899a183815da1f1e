package io.sabot.runtime.internal.exec;

import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.engine.ConnectorResolver;
import io.sabot.errors.spi.DeadLetterSinkFactory;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.internal.FactoryLookup;
import io.sabot.state.spi.StateBackendFactory;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Inside the container, executors built with {@code StreamingSqlExecutor.builder()} resolve connectors and formats
 * through the plug-in registry: always the currently active plug-in, so an upgraded bundle serves the next query.
 * Also a service, for embedders that drive the engine themselves.
 */
@Component(immediate = true, service = ConnectorResolver.class, property = "sabot.resolver=registry")
public final class ContainerExecutors implements ConnectorResolver {

    private final FactoryLookup lookup;

    @Activate
    public ContainerExecutors(@Reference FactoryLookup lookup) {
        this.lookup = lookup;
        Executors.containerStarted(this);
    }

    @Deactivate
    void deactivate() {
        Executors.containerStopped(this);
    }

    @Override
    public Optional<SourceFactory> sourceFactory(String identifier) {
        return lookup.active(PluginKind.CONNECTOR, identifier, "source").map(SourceFactory.class::cast);
    }

    @Override
    public Optional<SinkFactory> sinkFactory(String identifier) {
        return lookup.active(PluginKind.CONNECTOR, identifier, "sink").map(SinkFactory.class::cast);
    }

    @Override
    public Optional<io.sabot.connector.spi.lookup.LookupSourceFactory> lookupSourceFactory(String identifier) {
        return lookup.active(PluginKind.CONNECTOR, identifier, "lookup")
                .map(io.sabot.connector.spi.lookup.LookupSourceFactory.class::cast);
    }

    @Override
    public Set<String> lookupConnectorIdentifiers() {
        Set<String> ids = new java.util.TreeSet<>();
        for (String id : lookup.identifiers(PluginKind.CONNECTOR)) {
            if (lookup.active(PluginKind.CONNECTOR, id, "lookup").isPresent()) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    public Optional<FormatFactory> formatFactory(String identifier) {
        return lookup.active(PluginKind.FORMAT, identifier, "format").map(FormatFactory.class::cast);
    }

    @Override
    public Set<String> connectorIdentifiers() {
        return lookup.identifiers(PluginKind.CONNECTOR);
    }

    @Override
    public Optional<StateBackendFactory> stateBackendFactory(String identifier) {
        return lookup.active(PluginKind.STATE_BACKEND, identifier, "state-backend")
                .map(StateBackendFactory.class::cast);
    }

    @Override
    public Set<String> stateBackendIdentifiers() {
        return lookup.identifiers(PluginKind.STATE_BACKEND);
    }

    @Override
    public Optional<ErrorHandlerFactory> errorHandlerFactory(String identifier) {
        return lookup.active(PluginKind.ERROR_HANDLER, identifier, "error-handler")
                .map(ErrorHandlerFactory.class::cast);
    }

    @Override
    public Set<String> errorHandlerIdentifiers() {
        return lookup.identifiers(PluginKind.ERROR_HANDLER);
    }

    @Override
    public Optional<DeadLetterSinkFactory> deadLetterSinkFactory(String identifier) {
        return lookup.active(PluginKind.DEAD_LETTER, identifier, "dead-letter").map(DeadLetterSinkFactory.class::cast);
    }

    @Override
    public Set<String> deadLetterSinkIdentifiers() {
        return lookup.identifiers(PluginKind.DEAD_LETTER);
    }

    @Override
    public Set<String> formatIdentifiers() {
        return lookup.identifiers(PluginKind.FORMAT);
    }
}
