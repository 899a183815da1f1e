package io.sabot.sql.internal;

import io.sabot.plan.ChangelogKind;
import io.sabot.plan.PlanNode;
import io.sabot.plan.Sink.NotNullEnforcer;
import io.sabot.plan.SinkUpsertMaterialize;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The session setting of sink constraints, validated at {@code SET} time and put into each {@link io.sabot.plan.Sink}
 * at planning: {@value #NOT_NULL_ENFORCER} (Flink's key), {@code ERROR} (the default: a row with a null in a {@code NOT
 * NULL} column is a VALIDATION failure for the table's error handlers) or {@code DROP} (such rows are dropped and
 * counted as skipped), in any case; {@value #UPSERT_MATERIALIZE} (Flink's key), {@code NONE}, {@code AUTO} (the
 * default) or {@code FORCE}, in any case.
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
        } else if (key.equals(UPSERT_MATERIALIZE)) {
            materialize(value);
        }
    }

    /** Flink's key: when a sink with a primary key gets a {@link SinkUpsertMaterialize} before it. */
    public static final String UPSERT_MATERIALIZE = SinkUpsertMaterialize.Mode.KEY;

    /** The materialize mode the settings ask for (default {@code AUTO}). */
    public static SinkUpsertMaterialize.Mode upsertMaterialize(Map<String, String> settings) {
        String value = settings.get(UPSERT_MATERIALIZE);
        return value == null ? SinkUpsertMaterialize.Mode.AUTO : materialize(value);
    }

    private static SinkUpsertMaterialize.Mode materialize(String value) {
        switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "NONE":
                return SinkUpsertMaterialize.Mode.NONE;
            case "AUTO":
                return SinkUpsertMaterialize.Mode.AUTO;
            case "FORCE":
                return SinkUpsertMaterialize.Mode.FORCE;
            default:
                throw new PlanningException("Invalid value '" + value + "' for '" + UPSERT_MATERIALIZE
                        + "': allowed values are 'NONE', 'AUTO' and 'FORCE'");
        }
    }

    /**
     * The sink's input, under a {@link SinkUpsertMaterialize} keyed by the table's primary key when {@code mode} asks
     * for one: {@code FORCE} for every table with a primary key, {@code AUTO} when the input is a changelog and {@link
     * UpsertKeys} cannot show it keyed by exactly that key.
     */
    public static PlanNode materialize(PlanNode input, List<Integer> primaryKey, SinkUpsertMaterialize.Mode mode) {
        if (primaryKey.isEmpty() || mode == SinkUpsertMaterialize.Mode.NONE) {
            return input;
        }
        if (mode == SinkUpsertMaterialize.Mode.AUTO
                && (input.changelog() == ChangelogKind.INSERT_ONLY
                        || io.sabot.sql.internal.UpsertKeys.of(input).contains(Set.copyOf(primaryKey)))) {
            return input;
        }
        return new SinkUpsertMaterialize(input, primaryKey);
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
