package io.sabot.connector.spi;

import io.sabot.connector.spi.sink.Sink;
import io.sabot.plugin.PluginFactory;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates sinks for tables declared with {@code 'connector'='<identifier>'} that a job inserts into. Register it as
 * an OSGi service with {@value Connectors#CONNECTOR_PROPERTY} set to {@link #identifier()}; one class may implement
 * both this and {@link SourceFactory}.
 */
@ConsumerType
public interface SinkFactory extends PluginFactory {

    /**
     * Creates the sink of one {@code INSERT INTO} in one job. Cheap: connect to nothing here.
     *
     * @throws io.sabot.plugin.PluginException if the options are valid one by one but cannot work together
     */
    Sink<?> createSink(TableContext context);
}
