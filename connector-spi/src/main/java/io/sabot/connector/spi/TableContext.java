package io.sabot.connector.spi;

import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the runtime tells a factory about the table a source or sink is created for. Provided by the runtime;
 * immutable; valid while the factory call runs and for the life of the objects it creates.
 */
@ProviderType
public interface TableContext {

    /** The table's fully qualified name, e.g. {@code tenant.default.orders}, for messages and metrics. */
    String tableName();

    /**
     * The physical columns the connector reads or writes, in order, as an Arrow schema. Computed columns,
     * {@code PROCTIME()} and watermark expressions are the runtime's business and do not appear here.
     */
    Schema schema();

    /**
     * The metadata columns a source must fill, in order: its batches carry {@link #schema()}'s columns followed by
     * these. Empty for a sink and for a table that declares none.
     *
     * @since 1.1
     */
    default List<MetadataColumn> metadataColumns() {
        return List.of();
    }

    /** The table's options, already validated against the factory's descriptors (the {@code connector} key removed). */
    ValidatedOptions options();

    /** The job's parallelism for this table's operator. */
    int parallelism();

    /**
     * A decoder for the format named by the option {@code formatKey} (e.g. {@code format} or {@code value.format}),
     * configured with the options under {@code <format>.} (e.g. {@code json.ignore-parse-errors}).
     *
     * @throws io.sabot.plugin.OptionValidationException if no such format is installed or its options are invalid;
     *     the message names the format, the installed ones and every bad key
     */
    RecordDecoder createDecoder(String formatKey);

    /** Like {@link #createDecoder(String)}, for writing. */
    RecordEncoder createEncoder(String formatKey);

    /**
     * A decoder for the format named by the option {@code formatKey}, for records that hold only some of the table's
     * columns: a Kafka record key holds the key columns, its value the others. The format sees a table whose
     * {@link #schema()} is {@code schema} (and no metadata columns) and decodes into vectors of that schema.
     *
     * @param formatKey the option naming the format, e.g. {@code key.format}; its options are {@code key.<format>.*}
     * @param schema the columns the records hold, named as the format should see them (e.g. without a key prefix)
     * @throws io.sabot.plugin.OptionValidationException as {@link #createDecoder(String)}
     * @throws UnsupportedOperationException from a context that does not support projections (the default)
     * @since 1.2
     */
    default RecordDecoder createDecoder(String formatKey, Schema schema) {
        if (schema.equals(schema())) {
            return createDecoder(formatKey);
        }
        throw new UnsupportedOperationException("this table context cannot project formats");
    }

    /**
     * Like {@link #createDecoder(String, Schema)}, for writing: the encoder is given batches of {@code schema}.
     *
     * @since 1.2
     */
    default RecordEncoder createEncoder(String formatKey, Schema schema) {
        if (schema.equals(schema())) {
            return createEncoder(formatKey);
        }
        throw new UnsupportedOperationException("this table context cannot project formats");
    }

    /**
     * The positions in {@link #schema()} of the columns of the table's {@code PRIMARY KEY (…) NOT ENFORCED}, in the
     * order the key declares them; empty when the table has none. An upsert connector writes and reads records keyed
     * by them.
     *
     * @since 1.2
     */
    default List<Integer> primaryKey() {
        return List.of();
    }
}
