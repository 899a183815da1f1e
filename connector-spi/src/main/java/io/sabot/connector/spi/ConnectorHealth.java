package io.sabot.connector.spi;

import io.sabot.plugin.ValidatedOptions;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional for a {@link SourceFactory} or {@link SinkFactory}: a connector that can tell whether a table's external
 * system is reachable implements this too (the same service object). The runtime then registers, for every table of
 * a running job, a health check {@code sabot.<tenant>.<job>.table.<table>.connectivity} that asks the {@link
 * ConnectivityCheck}; a connector that does not implement it has no such check.
 *
 * @since 1.3
 */
@ConsumerType
public interface ConnectorHealth {

    /**
     * The check of one table, or empty when there is nothing to check. Cheap: connect to nothing here, only in
     * {@link ConnectivityCheck#check}.
     *
     * @param tableName the table, for messages
     * @param options the table's connector options, validated against the factory's descriptors
     * @param written whether the job writes the table (else it reads it, by scan or lookup)
     */
    Optional<ConnectivityCheck> connectivityCheck(String tableName, ValidatedOptions options, boolean written);
}
