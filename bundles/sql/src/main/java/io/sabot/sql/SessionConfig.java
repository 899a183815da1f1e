package io.sabot.sql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a session is set up.
 *
 * @param connectorValidator checks the {@code WITH (…)} options of every {@code CREATE TABLE} (the runtime passes one
 *     backed by its plug-in registry); {@link ConnectorValidator#ACCEPT_ALL} by default
 * @param settings the initial session settings: {@code SET} lists them, {@code RESET} returns to them
 * @param database the prefix of table names in plans ({@link io.sabot.plan.TableRef#name()} is
 *     {@code database.table}), e.g. a tenant's namespace; {@code "default"} by default
 */
public record SessionConfig(ConnectorValidator connectorValidator, Map<String, String> settings, String database) {

    public SessionConfig {
        Objects.requireNonNull(connectorValidator, "connectorValidator");
        Objects.requireNonNull(database, "database");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** No validation of connector options, no settings, database {@code default}. */
    public static SessionConfig defaults() {
        return new SessionConfig(ConnectorValidator.ACCEPT_ALL, Map.of(), "default");
    }

    public SessionConfig withConnectorValidator(ConnectorValidator validator) {
        return new SessionConfig(validator, settings, database);
    }

    public SessionConfig withSettings(Map<String, String> newSettings) {
        return new SessionConfig(connectorValidator, newSettings, database);
    }

    public SessionConfig withDatabase(String newDatabase) {
        return new SessionConfig(connectorValidator, settings, newDatabase);
    }
}
