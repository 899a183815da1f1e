package io.sabot.sql;

import io.sabot.plugin.OptionValidation;
import io.sabot.plugin.ValidationResult;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Checks the connector options of a {@code CREATE TABLE} while the front end validates the statement, so that a
 * user learns about a misspelt or missing option when declaring the table, together with every other problem of
 * the statement, not when a job starts. The runtime implements it with its plug-in registry (the connector's
 * option descriptors and {@link OptionValidation#validate}).
 *
 * <p>Called on the session's thread, once per {@code CREATE TABLE} that names a connector; it should not block for
 * long. An exception it throws is reported as a problem of the statement.
 */
@ConsumerType
@FunctionalInterface
public interface ConnectorValidator {

    /** Accepts every option of every connector (the front end then checks only that {@code 'connector'} is set). */
    ConnectorValidator ACCEPT_ALL = (table, connector, options) -> OptionValidation.validate(
            "connector '" + connector + "' of table '" + table + "'", options, List.of(), List.of(""));

    /**
     * Validates one table's connector options.
     *
     * @param tableName the table, as the user named it
     * @param connector the value of {@code 'connector'}, e.g. {@code kafka}; an unknown connector is an error the
     *     validator reports (naming the installed ones helps)
     * @param options the other options of the {@code WITH} clause, keys as written (case-sensitive)
     * @return the outcome: each {@link io.sabot.plugin.OptionError} becomes one problem of the statement
     */
    ValidationResult validate(String tableName, String connector, Map<String, String> options);

    /**
     * Whether tables of {@code connector} can be looked up by key, i.e. joined {@code FOR SYSTEM_TIME AS OF} a
     * processing-time attribute (the connector offers a lookup source). The planner refuses a lookup join against
     * any other table, naming it and its connector. Default: true (the runtime checks again when the job starts).
     *
     * @since 1.1
     */
    default boolean supportsLookup(String connector) {
        return true;
    }

    /**
     * Whether the sources of {@code connector} read an upsert changelog keyed by the table's primary key (the source
     * factory's {@code scanChangelogMode()} is {@code UPSERT}, e.g. {@code upsert-kafka}). The planner then normalises
     * the scan (a {@code ChangelogNormalize} keyed by the primary key, last row per key in state) and refuses a table
     * without primary key. Default: false (insert-only).
     *
     * @since 1.2
     */
    default boolean scansUpserts(String connector) {
        return false;
    }
}
