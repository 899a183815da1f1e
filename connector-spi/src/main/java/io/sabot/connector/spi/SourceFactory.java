package io.sabot.connector.spi;

import io.sabot.connector.spi.source.Source;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.PluginFactory;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates sources for tables declared with {@code 'connector'='<identifier>'}. Register it as an OSGi service with
 * {@value Connectors#CONNECTOR_PROPERTY} set to {@link #identifier()}.
 */
@ConsumerType
public interface SourceFactory extends PluginFactory {

    /**
     * Creates the source of one table scan in one job. Called once per job (re)start; cheap: connect to nothing
     * here, the enumerator and readers do that.
     *
     * @param context the table, its validated options and helpers
     * @return a new source; never null
     * @throws io.sabot.plugin.PluginException if the options are valid one by one but cannot work together
     */
    Source<?, ?> createSource(TableContext context);

    /**
     * Checks options against the table's schema, for what descriptors alone cannot express (a {@code fields.price.min}
     * that must parse as the column's type, a key field that must exist). The runtime calls it when the table is
     * declared, after {@link #validate}, and reports these errors together with the others, per key. Default: none.
     *
     * @param schema the table's physical columns
     * @param options the options, already valid one by one
     * @return one error per bad key; empty when the options fit the table
     */
    default List<OptionError> validateForTable(Schema schema, ValidatedOptions options) {
        return List.of();
    }

    /**
     * The metadata a source can attach to each row ({@code col type METADATA FROM 'key'}), by key, with the Arrow
     * type of its values. A column may declare the key's type or a wider one of the same kind: a wider integer, or
     * {@code TIMESTAMP(3)} for a {@code TIMESTAMP_LTZ(3)} key (the instant in UTC). The runtime refuses other keys and
     * types before the job starts, naming the column and listing these keys. Default: none.
     *
     * @since 1.1
     */
    default Map<String, ArrowType> readableMetadata() {
        return Map.of();
    }

    /**
     * What the sources of this connector produce: {@link io.sabot.connector.spi.sink.ChangelogMode#INSERT_ONLY}
     * (the default), or {@link io.sabot.connector.spi.sink.ChangelogMode#UPSERT}: an upsert changelog keyed by the
     * table's {@code PRIMARY KEY}, as Flink's {@code upsert-kafka} reads a compacted topic.
     *
     * <p>An upsert source's batches carry, after the physical and metadata columns, the {@value
     * io.sabot.connector.spi.sink.RowKind#COLUMN_NAME} column ({@code TinyIntVector}, never null) with one of two
     * kinds per row: {@link io.sabot.connector.spi.sink.RowKind#INSERT}, the row is the key's new value (whether the
     * key is new or not); {@link io.sabot.connector.spi.sink.RowKind#DELETE}, the key's row is gone (a tombstone):
     * only the key columns are set, the others are null. The planner puts a normalisation keyed by the primary key
     * after the scan (Flink's {@code ChangelogNormalize}), which keeps the last row per key and turns these into a
     * proper changelog: {@code +I} for a new key, {@code -U}/{@code +U} for an update, {@code -D} with the last row for
     * a delete; a delete of an unknown key and an upsert equal to the key's row produce nothing. The planner refuses a
     * table of an upsert connector without primary key.
     *
     * <p>Asked when a query is planned, for the connector as a whole; must not depend on a table's options.
     *
     * @since 1.4
     */
    default io.sabot.connector.spi.sink.ChangelogMode scanChangelogMode() {
        return io.sabot.connector.spi.sink.ChangelogMode.INSERT_ONLY;
    }
}
