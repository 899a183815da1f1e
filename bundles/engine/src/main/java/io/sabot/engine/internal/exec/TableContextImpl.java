package io.sabot.engine.internal.exec;

import io.sabot.connector.spi.MetadataColumn;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.engine.ConnectorResolver;
import io.sabot.engine.internal.errors.JobErrors;
import io.sabot.plan.TableRef;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import io.sabot.plugin.PluginFactory;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The runtime's {@link TableContext}: a table's options validated against its connector's descriptors, and
 * decoders/encoders for the formats its options name.
 *
 * <p>Format options follow Flink's convention: the option {@code format} = {@code json} selects a format whose own
 * options are written {@code json.<key>}; {@code value.format} = {@code json} uses {@code value.json.<key>}. Those
 * keys are validated by the format, not the connector.
 */
public final class TableContextImpl implements TableContext {

    private final TableRef table;
    private final ConnectorResolver resolver;
    private final ValidatedOptions options;
    private final Schema schema;
    private final int parallelism;
    private List<MetadataColumn> metadata = List.of();

    private TableContextImpl(
            TableRef table, ConnectorResolver resolver, ValidatedOptions options, Schema schema, int parallelism) {
        this.table = table;
        this.resolver = resolver;
        this.options = options;
        this.schema = schema;
        this.parallelism = parallelism;
    }

    /**
     * Validates {@code table}'s options for {@code factory} (descriptors, then {@code validateForTable}, then the
     * options of every format it names) and returns the context, or adds every problem to {@code problems} (one
     * message per table, naming it and listing each bad key) and returns null.
     */
    public static TableContextImpl create(
            TableRef table,
            PluginFactory factory,
            BiFunction<Schema, ValidatedOptions, List<OptionError>> tableValidation,
            ConnectorResolver resolver,
            int parallelism,
            List<String> problems,
            List<OptionError> errors) {
        String context = "connector '" + table.connector() + "' of table '" + table.name() + "'";
        Schema schema = table.physicalType().toArrowSchema();
        Map<String, String> connectorOptions = new LinkedHashMap<>();
        List<String> formatPrefixes = new ArrayList<>();
        for (Map.Entry<String, String> e : table.options().entrySet()) {
            String key = e.getKey();
            if ((key.equals("format") || key.endsWith(".format")) && e.getValue() != null) {
                formatPrefixes.add(formatPrefix(key, e.getValue()));
            }
        }
        for (Map.Entry<String, String> e : table.options().entrySet()) {
            // error.* options belong to the job's error handling (JobErrors), not to the connector
            if (formatPrefixes.stream().noneMatch(e.getKey()::startsWith) && !JobErrors.isErrorOption(e.getKey())) {
                connectorOptions.put(e.getKey(), e.getValue());
            }
        }
        List<String> lines = new ArrayList<>();
        List<String> supported = List.of();
        ValidationResult result = factory.validate(context, connectorOptions);
        ValidatedOptions validated = null;
        if (result.isValid()) {
            validated = result.orThrow();
            for (OptionError error : tableValidation.apply(schema, validated)) {
                lines.add(error.message());
                errors.add(error);
            }
        } else {
            for (OptionError error : result.errors()) {
                lines.add(error.message());
                errors.add(error);
            }
            supported = result.supportedKeys();
        }
        for (Map.Entry<String, String> e : table.options().entrySet()) {
            String key = e.getKey();
            if (!(key.equals("format") || key.endsWith(".format")) || e.getValue() == null) {
                continue;
            }
            Optional<FormatFactory> format = resolver.formatFactory(e.getValue());
            if (format.isEmpty()) {
                String message = "option '" + key + "': no format '" + e.getValue() + "' is installed (installed: "
                        + resolver.formatIdentifiers() + ")";
                lines.add(message);
                errors.add(new OptionError(key, OptionError.Kind.INVALID, message));
                continue;
            }
            ValidationResult formatResult = format.get()
                    .validate(
                            "format '" + e.getValue() + "' of table '" + table.name() + "'",
                            formatOptions(table.options(), formatPrefix(key, e.getValue())));
            for (OptionError error : formatResult.errors()) {
                String message = "format '" + e.getValue() + "' (options '" + formatPrefix(key, e.getValue()) + "*'): "
                        + error.message();
                lines.add(message);
                errors.add(new OptionError(formatPrefix(key, e.getValue()) + error.key(), error.kind(), message));
            }
        }
        if (!lines.isEmpty()) {
            StringBuilder b =
                    new StringBuilder("Invalid options for ").append(context).append(':');
            for (String line : lines) {
                b.append("\n  - ").append(line);
            }
            if (!supported.isEmpty()) {
                b.append("\n  Supported options: ").append(String.join(", ", supported));
            }
            problems.add(b.toString());
            return null;
        }
        return new TableContextImpl(table, resolver, validated, schema, parallelism);
    }

    /** {@code json.} for {@code format}, {@code value.json.} for {@code value.format}. */
    static String formatPrefix(String formatKey, String format) {
        String head = formatKey.substring(0, formatKey.length() - "format".length());
        return head + format + ".";
    }

    private static Map<String, String> formatOptions(Map<String, String> all, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    @Override
    public String tableName() {
        return table.name();
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<MetadataColumn> metadataColumns() {
        return metadata;
    }

    /** What the source's batches carry: the physical columns, then the metadata columns. */
    public Schema scanSchema() {
        if (metadata.isEmpty() && !upserts) {
            return schema;
        }
        List<Field> fields = new ArrayList<>(schema.getFields());
        metadata.forEach(m -> fields.add(m.field()));
        if (upserts) {
            fields.add(io.sabot.engine.internal.batch.Batches.ROW_KIND_FIELD);
        }
        return new Schema(fields);
    }

    /** Whether the source reads an upsert changelog: its batches end with the row-kind column. */
    private boolean upserts;

    /** Marks the table's source as one that reads an upsert changelog (see {@link #scanSchema()}). */
    public void scanUpserts(boolean upserts) {
        this.upserts = upserts;
    }

    /**
     * Checks the table's metadata columns against what the source can read ({@link SourceFactory#readableMetadata()})
     * and keeps them for the source, or returns one message per bad column, naming it and the readable keys.
     */
    public List<String> bindMetadata(SourceFactory factory) {
        List<String> problems = new ArrayList<>();
        List<MetadataColumn> bound = new ArrayList<>();
        Map<String, ArrowType> readable = factory.readableMetadata();
        for (io.sabot.plan.MetadataColumn column : table.metadata()) {
            String declared = "column '" + column.name() + "' " + column.type() + " METADATA FROM '" + column.key()
                    + "' of table '" + table.name() + "'";
            ArrowType type = readable.get(column.key());
            if (type == null) {
                problems.add(declared + ": connector '" + table.connector() + "' has no metadata key '"
                        + column.key() + "'; it can read "
                        + (readable.isEmpty()
                                ? "none"
                                : String.join(
                                        ", ",
                                        new java.util.TreeMap<>(readable)
                                                .entrySet().stream()
                                                        .map(e ->
                                                                "'" + e.getKey() + "' (" + describe(e.getValue()) + ")")
                                                        .toList())));
                continue;
            }
            Field field = column.type().toArrowField(column.name());
            if (!holds(field.getType(), type)) {
                problems.add(declared + ": the metadata is " + describe(type) + ", which a " + column.type()
                        + " column cannot hold; declare it " + describe(type)
                        + (type instanceof ArrowType.Int ? " or a wider integer" : ""));
                continue;
            }
            bound.add(new MetadataColumn(column.key(), field));
        }
        if (problems.isEmpty()) {
            metadata = List.copyOf(bound);
        }
        return problems;
    }

    /** Whether a column of type {@code declared} holds values of type {@code metadata} without loss. */
    static boolean holds(ArrowType declared, ArrowType metadata) {
        if (declared.equals(metadata)) {
            return true;
        }
        if (declared instanceof ArrowType.Int d && metadata instanceof ArrowType.Int m) {
            return d.getIsSigned() && d.getBitWidth() >= m.getBitWidth();
        }
        // TIMESTAMP(3) for a TIMESTAMP_LTZ(3) key: the instant as UTC wall time, the same milliseconds
        return declared instanceof ArrowType.Timestamp d
                && metadata instanceof ArrowType.Timestamp m
                && d.getUnit() == m.getUnit();
    }

    /** SQL spelling of the Arrow types metadata keys have. */
    static String describe(ArrowType type) {
        if (type instanceof ArrowType.Int i) {
            return switch (i.getBitWidth()) {
                case 8 -> "TINYINT";
                case 16 -> "SMALLINT";
                case 32 -> "INT";
                default -> "BIGINT";
            };
        }
        if (type instanceof ArrowType.Utf8) {
            return "STRING";
        }
        if (type instanceof ArrowType.Timestamp t) {
            return t.getTimezone() == null ? "TIMESTAMP(3)" : "TIMESTAMP_LTZ(3)";
        }
        if (type instanceof ArrowType.Bool) {
            return "BOOLEAN";
        }
        return type.toString();
    }

    @Override
    public ValidatedOptions options() {
        return options;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    public TableRef table() {
        return table;
    }

    private <T> T format(String formatKey, BiFunction<FormatFactory, ValidatedOptions, T> create) {
        String format = table.options().get(formatKey);
        if (format == null) {
            String message = "table '" + table.name() + "' has no option '" + formatKey + "'";
            throw new OptionValidationException(
                    message, List.of(new OptionError(formatKey, OptionError.Kind.MISSING, message)));
        }
        FormatFactory factory = resolver.formatFactory(format).orElseThrow(() -> {
            String message = "table '" + table.name() + "': option '" + formatKey + "' names format '" + format
                    + "', which is not installed (installed: " + resolver.formatIdentifiers() + ")";
            return new OptionValidationException(
                    message, List.of(new OptionError(formatKey, OptionError.Kind.INVALID, message)));
        });
        String prefix = formatPrefix(formatKey, format);
        ValidatedOptions formatOptions = factory.validate(
                        "format '" + format + "' of table '" + table.name() + "' (options " + prefix + "*)",
                        formatOptions(table.options(), prefix))
                .orThrow();
        return create.apply(factory, formatOptions);
    }

    @Override
    public RecordDecoder createDecoder(String formatKey) {
        return format(formatKey, (factory, formatOptions) -> factory.createDecoder(this, formatOptions));
    }

    @Override
    public RecordEncoder createEncoder(String formatKey) {
        return format(formatKey, (factory, formatOptions) -> factory.createEncoder(this, formatOptions));
    }

    @Override
    public RecordDecoder createDecoder(String formatKey, Schema projected) {
        TableContext view = new Projection(this, projected);
        return format(formatKey, (factory, formatOptions) -> factory.createDecoder(view, formatOptions));
    }

    @Override
    public RecordEncoder createEncoder(String formatKey, Schema projected) {
        TableContext view = new Projection(this, projected);
        return format(formatKey, (factory, formatOptions) -> factory.createEncoder(view, formatOptions));
    }

    @Override
    public List<Integer> primaryKey() {
        return table.primaryKey();
    }

    /** The table as a format sees it when records hold only some of its columns (a Kafka key or value). */
    private record Projection(TableContextImpl table, Schema schema) implements TableContext {
        @Override
        public String tableName() {
            return table.tableName();
        }

        @Override
        public ValidatedOptions options() {
            return table.options();
        }

        @Override
        public int parallelism() {
            return table.parallelism();
        }

        @Override
        public List<Integer> primaryKey() {
            return List.of();
        }

        @Override
        public RecordDecoder createDecoder(String formatKey) {
            return table.createDecoder(formatKey, schema);
        }

        @Override
        public RecordEncoder createEncoder(String formatKey) {
            return table.createEncoder(formatKey, schema);
        }
    }
}
