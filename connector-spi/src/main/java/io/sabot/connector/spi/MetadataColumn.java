package io.sabot.connector.spi;

import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A column declared {@code name type METADATA [FROM 'key'] [VIRTUAL]} that a source fills from what it knows about
 * each record (a Kafka partition, offset or timestamp; a file's path) rather than from the record's bytes.
 *
 * @param key the metadata key, one of {@link SourceFactory#readableMetadata()}
 * @param field the column as declared: name and Arrow type, which is the key's own type or one it widens to
 *     ({@link SourceFactory#readableMetadata()})
 * @since 1.1
 */
public record MetadataColumn(String key, Field field) {

    public MetadataColumn {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(field, "field");
    }

    /** The column name. */
    public String name() {
        return field.getName();
    }
}
