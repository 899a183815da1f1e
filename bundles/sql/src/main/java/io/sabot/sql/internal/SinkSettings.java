package io.sabot.sql.internal;

import io.sabot.plan.Sink.NotNullEnforcer;
import java.util.Locale;
import java.util.Map;

/**
 * The session setting of sink constraints, validated at {@code SET} time and put into each {@link io.sabot.plan.Sink}
 * at planning: {@value #NOT_NULL_ENFORCER} (Flink's key), {@code ERROR} (the default: a row with a null in a {@code NOT
 * NULL} column is a VALIDATION failure for the table's error handlers) or {@code DROP} (such rows are dropped and
 * counted as skipped), in any case.
 */
public final class SinkSettings {

    /** Flink's key: what a null in a {@code NOT NULL} sink column does. */
    public static final String NOT_NULL_ENFORCER = NotNullEnforcer.KEY;

    private SinkSettings() {}

    /**
     * Checks a {@code SET 'key' = 'value'}; keys other than this class's pass.
     *
     * @throws PlanningException naming the key and the allowed values
     */
    public static void validate(String key, String value) {
        if (key.equals(NOT_NULL_ENFORCER)) {
            enforcer(value);
        }
    }

    /** The enforcer the settings ask for (default {@code ERROR}). */
    public static NotNullEnforcer notNullEnforcer(Map<String, String> settings) {
        String value = settings.get(NOT_NULL_ENFORCER);
        return value == null ? NotNullEnforcer.ERROR : enforcer(value);
    }

    private static NotNullEnforcer enforcer(String value) {
        switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "ERROR":
                return NotNullEnforcer.ERROR;
            case "DROP":
                return NotNullEnforcer.DROP;
            default:
                throw new PlanningException("Invalid value '" + value + "' for '" + NOT_NULL_ENFORCER
                        + "': allowed values are 'ERROR' and 'DROP'");
        }
    }
}
