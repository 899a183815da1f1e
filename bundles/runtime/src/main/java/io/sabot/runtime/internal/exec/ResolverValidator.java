package io.sabot.runtime.internal.exec;

import io.sabot.engine.ConnectorResolver;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionValidation;
import io.sabot.plugin.ValidationResult;
import io.sabot.sql.ConnectorValidator;
import java.util.List;
import java.util.Map;

/**
 * Checks at {@code CREATE TABLE} that the table's connector is installed. The options themselves are validated
 * against the connector's and formats' descriptors when a query uses the table (the engine reports every problem of
 * every table at once then).
 */
final class ResolverValidator implements ConnectorValidator {

    private final ConnectorResolver resolver;

    ResolverValidator(ConnectorResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public ValidationResult validate(String tableName, String connector, Map<String, String> options) {
        String context = "connector '" + connector + "' of table '" + tableName + "'";
        if (resolver.sourceFactory(connector).isPresent()
                || resolver.sinkFactory(connector).isPresent()
                || resolver.lookupSourceFactory(connector).isPresent()) {
            return OptionValidation.validate(context, options, List.of(), List.of(""));
        }
        OptionDescriptor<String> installed = OptionDescriptor.key("connector")
                .stringType()
                .check(
                        id -> false,
                        "an installed connector (installed: " + String.join(", ", resolver.connectorIdentifiers())
                                + ")");
        return OptionValidation.validate(context, Map.of("connector", connector), List.of(installed), List.of());
    }

    /** A connector offers lookups when a lookup source factory is installed under its identifier. */
    @Override
    public boolean supportsLookup(String connector) {
        return resolver.lookupSourceFactory(connector).isPresent();
    }

    /** A connector reads upserts when its installed source factory says so. */
    @Override
    public boolean scansUpserts(String connector) {
        return resolver.sourceFactory(connector)
                .map(f -> f.scanChangelogMode() == io.sabot.connector.spi.sink.ChangelogMode.UPSERT)
                .orElse(false);
    }
}
