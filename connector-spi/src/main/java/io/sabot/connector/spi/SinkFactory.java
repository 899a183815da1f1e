package io.sabot.connector.spi;

import io.sabot.connector.spi.sink.Sink;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.PluginFactory;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
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

    /**
     * Checks options against the table's schema, for what descriptors alone cannot express (a {@code fields.price.min}
     * that must parse as the column's type, a key field that must exist). The runtime calls it when the table is
     * declared, after {@link #validate}, and reports these errors together with the others, per key. Default: none.
     *
     * @param schema the table's physical columns
     * @param options the options, already valid one by one
     * @return one error per bad key; empty when the options fit the table
     */
    default List<OptionError> validateForTable(Schema schema, ValidatedOptions options) {
        return List.of();
    }
}
