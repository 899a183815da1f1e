package io.sabot.plan;

import java.util.Map;
import java.util.TreeMap;

/**
 * A catalog table as the runtime needs it to create a source or sink.
 *
 * @param name the fully qualified name, for messages and metrics
 * @param connector the connector identifier ({@code 'connector'} option)
 * @param options every other option of the {@code WITH} clause, unvalidated (the runtime validates them against the
 *     connector's descriptors)
 * @param physicalType the physical columns the connector reads or writes (no computed or metadata columns)
 * @param primaryKey positions of the primary key's columns in {@code physicalType}, empty if none
 */
public record TableRef(
        String name,
        String connector,
        Map<String, String> options,
        RowType physicalType,
        java.util.List<Integer> primaryKey) {

    public TableRef {
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        primaryKey = java.util.List.copyOf(primaryKey);
    }

    @Override
    public String toString() {
        return name + "[" + connector + "]";
    }
}
