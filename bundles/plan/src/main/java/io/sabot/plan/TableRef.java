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
 * @param metadata the metadata columns in declaration order, empty if none (since 1.2)
 */
public record TableRef(
        String name,
        String connector,
        Map<String, String> options,
        RowType physicalType,
        java.util.List<Integer> primaryKey,
        java.util.List<MetadataColumn> metadata) {

    public TableRef {
        options = java.util.Collections.unmodifiableMap(new TreeMap<>(options));
        primaryKey = java.util.List.copyOf(primaryKey);
        metadata = java.util.List.copyOf(metadata);
    }

    /** A table without metadata columns. */
    public TableRef(
            String name,
            String connector,
            Map<String, String> options,
            RowType physicalType,
            java.util.List<Integer> primaryKey) {
        this(name, connector, options, physicalType, primaryKey, java.util.List.of());
    }

    /** What a scan of the table produces: the physical columns, then the metadata columns (since 1.2). */
    public RowType scanType() {
        if (metadata.isEmpty()) {
            return physicalType;
        }
        java.util.List<Column> columns = new java.util.ArrayList<>(physicalType.columns());
        for (MetadataColumn m : metadata) {
            columns.add(new Column(m.name(), m.type()));
        }
        return new RowType(columns);
    }

    @Override
    public String toString() {
        return name + "[" + connector + "]";
    }
}
