package io.sabot.plan;

import java.util.Objects;

/**
 * A column declared {@code name type METADATA [FROM 'key'] [VIRTUAL]}: a value the connector knows about each record
 * (a Kafka partition, offset or timestamp; a file's path) rather than a field of the record itself.
 *
 * @param name the column name
 * @param key the connector's metadata key ({@code FROM 'key'}, else the column name)
 * @param type the declared type
 * @param virtual whether declared {@code VIRTUAL}: read only, never part of what a sink writes
 */
public record MetadataColumn(String name, String key, DataType type, boolean virtual) {

    public MetadataColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
    }
}
