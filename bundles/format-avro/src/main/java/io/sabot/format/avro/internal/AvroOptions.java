package io.sabot.format.avro.internal;

import io.sabot.plugin.OptionDescriptor;
import java.util.List;

/**
 * The options of the {@code avro} format, written by users with the {@code avro.} prefix (which the runtime strips):
 * Flink's {@code timestamp_mapping.legacy}, and Sabot's inline writer schema.
 */
public final class AvroOptions {

    public static final OptionDescriptor<String> SCHEMA = OptionDescriptor.key("schema")
            .stringType()
            .check(s -> !s.isBlank(), "not blank")
            .description("Sabot extension: the Avro schema (JSON) the records are written with, a record whose fields "
                    + "are matched to the columns by name; instead of the schema derived from the columns.");

    public static final OptionDescriptor<Boolean> TIMESTAMP_MAPPING_LEGACY = OptionDescriptor.key(
                    "timestamp_mapping.legacy")
            .booleanType()
            .defaultValue(true)
            .description("As Flink: true maps TIMESTAMP and TIMESTAMP_LTZ to 'timestamp-millis'; false maps TIMESTAMP "
                    + "to 'local-timestamp-millis' and TIMESTAMP_LTZ to 'timestamp-millis'. Decides the derived "
                    + "schema; either logical type is read.");

    /** Every option, in the order of the documentation table. */
    public static final List<OptionDescriptor<?>> ALL = List.of(SCHEMA, TIMESTAMP_MAPPING_LEGACY);

    private AvroOptions() {}
}
