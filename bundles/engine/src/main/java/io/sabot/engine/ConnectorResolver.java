package io.sabot.engine;

import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.connector.spi.lookup.LookupSourceFactory;
import io.sabot.errors.spi.DeadLetterSinkFactory;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.plugin.PluginFactory;
import io.sabot.state.spi.StateBackendFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Finds the connector and format plug-ins a job's tables name (and, since 1.6, the lookup sources of its dimension
 * tables). The runtime implements it over its plug-in registry
 * (the whiteboard of {@code SourceFactory}, {@code SinkFactory} and {@code FormatFactory} services); embedders and
 * tests use {@link #of(Collection)}.
 *
 * <p><b>Threading.</b> Called from the thread that submits a job, and from task threads when a connector asks its
 * {@code TableContext} for a format. Implementations must be thread-safe and must not block.
 */
@ConsumerType
public interface ConnectorResolver {

    /** The source factory registered under {@code identifier} (the table's {@code 'connector'} option), if any. */
    Optional<SourceFactory> sourceFactory(String identifier);

    /** The sink factory registered under {@code identifier}, if any. */
    Optional<SinkFactory> sinkFactory(String identifier);

    /** The format factory registered under {@code identifier} (the value of a {@code 'format'} option), if any. */
    Optional<FormatFactory> formatFactory(String identifier);

    /**
     * The lookup source factory registered under {@code identifier}, for dimension tables of lookup joins, if any.
     * Default: none.
     *
     * @since 1.6
     */
    default Optional<LookupSourceFactory> lookupSourceFactory(String identifier) {
        return Optional.empty();
    }

    /**
     * The identifiers of the installed connectors that offer lookups, for "cannot be looked up" messages. Default:
     * none listed.
     *
     * @since 1.6
     */
    default Set<String> lookupConnectorIdentifiers() {
        return Set.of();
    }

    /** The identifiers of the installed connectors, for "no such connector" messages. Default: none listed. */
    default Set<String> connectorIdentifiers() {
        return Set.of();
    }

    /** The identifiers of the installed formats, for "no such format" messages. Default: none listed. */
    default Set<String> formatIdentifiers() {
        return Set.of();
    }

    /**
     * The state backend factory registered under {@code identifier} ({@code state.backend.type}), if any. The
     * built-in {@code memory} backend is not a plug-in and is never returned. Default: none.
     *
     * @since 1.2
     */
    default Optional<StateBackendFactory> stateBackendFactory(String identifier) {
        return Optional.empty();
    }

    /**
     * The identifiers of the installed state backend plug-ins, for "no such backend" messages. Default: none listed.
     *
     * @since 1.2
     */
    default Set<String> stateBackendIdentifiers() {
        return Set.of();
    }

    /**
     * The error handler factory registered under {@code identifier} (a name in {@code error.handler}), if any.
     * Default: none.
     *
     * @since 1.3
     */
    default Optional<ErrorHandlerFactory> errorHandlerFactory(String identifier) {
        return Optional.empty();
    }

    /**
     * The identifiers of the installed error handlers, for "no such handler" messages. Default: none listed.
     *
     * @since 1.3
     */
    default Set<String> errorHandlerIdentifiers() {
        return Set.of();
    }

    /**
     * The dead-letter sink factory registered under {@code identifier} ({@code error.dead-letter.connector}), if any.
     * Default: none.
     *
     * @since 1.3
     */
    default Optional<DeadLetterSinkFactory> deadLetterSinkFactory(String identifier) {
        return Optional.empty();
    }

    /**
     * The identifiers of the installed dead-letter sinks, for "no such sink" messages. Default: none listed.
     *
     * @since 1.3
     */
    default Set<String> deadLetterSinkIdentifiers() {
        return Set.of();
    }

    /**
     * A fixed resolver over the given factories: each is found by its {@link PluginFactory#identifier()} in every
     * role it implements (a class implementing both {@code SourceFactory} and {@code SinkFactory} serves both).
     */
    static ConnectorResolver of(Collection<? extends PluginFactory> factories) {
        List<PluginFactory> all = List.copyOf(new ArrayList<>(factories));
        return new ConnectorResolver() {
            @Override
            public Optional<SourceFactory> sourceFactory(String identifier) {
                return find(SourceFactory.class, identifier);
            }

            @Override
            public Optional<SinkFactory> sinkFactory(String identifier) {
                return find(SinkFactory.class, identifier);
            }

            @Override
            public Optional<FormatFactory> formatFactory(String identifier) {
                return find(FormatFactory.class, identifier);
            }

            @Override
            public Optional<LookupSourceFactory> lookupSourceFactory(String identifier) {
                return find(LookupSourceFactory.class, identifier);
            }

            @Override
            public Set<String> lookupConnectorIdentifiers() {
                return identifiers(LookupSourceFactory.class);
            }

            @Override
            public Set<String> connectorIdentifiers() {
                Set<String> ids = new TreeSet<>();
                for (PluginFactory f : all) {
                    if (f instanceof SourceFactory || f instanceof SinkFactory || f instanceof LookupSourceFactory) {
                        ids.add(f.identifier());
                    }
                }
                return ids;
            }

            @Override
            public Optional<StateBackendFactory> stateBackendFactory(String identifier) {
                return find(StateBackendFactory.class, identifier);
            }

            @Override
            public Set<String> stateBackendIdentifiers() {
                return identifiers(StateBackendFactory.class);
            }

            @Override
            public Set<String> formatIdentifiers() {
                return identifiers(FormatFactory.class);
            }

            @Override
            public Optional<ErrorHandlerFactory> errorHandlerFactory(String identifier) {
                return find(ErrorHandlerFactory.class, identifier);
            }

            @Override
            public Set<String> errorHandlerIdentifiers() {
                return identifiers(ErrorHandlerFactory.class);
            }

            @Override
            public Optional<DeadLetterSinkFactory> deadLetterSinkFactory(String identifier) {
                return find(DeadLetterSinkFactory.class, identifier);
            }

            @Override
            public Set<String> deadLetterSinkIdentifiers() {
                return identifiers(DeadLetterSinkFactory.class);
            }

            private Set<String> identifiers(Class<?> role) {
                Set<String> ids = new TreeSet<>();
                for (PluginFactory f : all) {
                    if (role.isInstance(f)) {
                        ids.add(f.identifier());
                    }
                }
                return ids;
            }

            private <T> Optional<T> find(Class<T> role, String identifier) {
                for (PluginFactory f : all) {
                    if (role.isInstance(f) && f.identifier().equals(identifier)) {
                        return Optional.of(role.cast(f));
                    }
                }
                return Optional.empty();
            }
        };
    }

    /** Like {@link #of(Collection)}. */
    static ConnectorResolver of(PluginFactory... factories) {
        return of(List.of(factories));
    }
}
