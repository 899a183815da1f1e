package io.sabot.connector.spi;

import io.sabot.connector.spi.source.Source;
import io.sabot.plugin.PluginFactory;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates sources for tables declared with {@code 'connector'='<identifier>'}. Register it as an OSGi service with
 * {@value Connectors#CONNECTOR_PROPERTY} set to {@link #identifier()}.
 */
@ConsumerType
public interface SourceFactory extends PluginFactory {

    /**
     * Creates the source of one table scan in one job. Called once per job (re)start; cheap: connect to nothing
     * here, the enumerator and readers do that.
     *
     * @param context the table, its validated options and helpers
     * @return a new source; never null
     * @throws io.sabot.plugin.PluginException if the options are valid one by one but cannot work together
     */
    Source<?, ?> createSource(TableContext context);
}
