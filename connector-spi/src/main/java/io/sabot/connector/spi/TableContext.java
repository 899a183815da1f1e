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
}
