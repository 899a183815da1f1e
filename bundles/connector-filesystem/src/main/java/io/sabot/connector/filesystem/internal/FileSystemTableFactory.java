package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.ConnectivityCheck;
import io.sabot.connector.spi.ConnectorHealth;
import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.lookup.LookupCache;
import io.sabot.connector.spi.lookup.LookupContext;
import io.sabot.connector.spi.lookup.LookupSource;
import io.sabot.connector.spi.lookup.LookupSourceFactory;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.source.RecordSizeLimit;
import io.sabot.connector.spi.source.Source;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code filesystem} connector, as Flink's: reads the lines of local files (a file or a directory, once or
 * monitoring it for new files) and writes exactly-once part files, in any installed line format (the runtime provides
 * the decoder and encoder named by the {@code format} option). Its tables can also be dimension tables of lookup
 * joins, through a full cache that loads the files and reloads them every {@code lookup.full-cache.reload-interval}.
 * Stateless; registered as one service that is a {@link SourceFactory}, a {@link SinkFactory} and a {@link
 * LookupSourceFactory}, with {@code sabot.connector=filesystem}.
 */
@Component(
        service = {SourceFactory.class, SinkFactory.class, LookupSourceFactory.class},
        property = Connectors.CONNECTOR_PROPERTY + "=" + FileSystemTableFactory.IDENTIFIER)
public final class FileSystemTableFactory implements SourceFactory, SinkFactory, LookupSourceFactory, ConnectorHealth {

    /** The connector's identifier, as users write it: {@code 'connector'='filesystem'}. */
    public static final String IDENTIFIER = "filesystem";

    /** Creates the factory; DS does this, tests may too. */
    public FileSystemTableFactory() {}

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Reads the lines of local files (once, or monitoring a directory) and writes exactly-once part files, "
                + "in any line format; looks its tables up for lookup joins through a full cache.";
    }

    @Override
    public java.util.Map<String, org.apache.arrow.vector.types.pojo.ArrowType> readableMetadata() {
        return FileMetadata.READABLE;
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return FileSystemOptions.ALL;
    }

    /** The path must be local; everything else the descriptors check. */
    @Override
    public List<OptionError> validateForTable(Schema schema, ValidatedOptions options) {
        try {
            FileSystemOptions.localPath(options.require(FileSystemOptions.PATH));
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(new OptionError(
                    FileSystemOptions.PATH.key(), OptionError.Kind.INVALID, "option 'path': " + e.getMessage()));
        }
    }

    /** The path exists and is readable, or, for a table the job writes, a writable directory. */
    @Override
    public Optional<ConnectivityCheck> connectivityCheck(String tableName, ValidatedOptions options, boolean written) {
        try {
            return Optional.of(new FileConnectivityCheck(
                    tableName, FileSystemOptions.localPath(options.require(FileSystemOptions.PATH)), written));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a local path: the job refused it already
        }
    }

    @Override
    public Source<?, ?> createSource(TableContext context) {
        ValidatedOptions options = context.options();
        return new FileSource(
                context.tableName(),
                path(context),
                options.get(FileSystemOptions.SOURCE_MONITOR_INTERVAL),
                options.get(FileSystemOptions.SOURCE_SKIP_FIRST_LINE),
                RecordSizeLimit.of(options));
    }

    /**
     * @throws PluginException if the path names an existing file rather than a directory
     */
    @Override
    public Sink<?> createSink(TableContext context) {
        ValidatedOptions options = context.options();
        Path directory = path(context);
        if (Files.isRegularFile(directory)) {
            throw new PluginException(
                    "table '" + context.tableName() + "': option 'path' of a filesystem sink must name a directory, "
                            + "and '" + directory + "' is a file",
                    false);
        }
        return new FileSink(
                context.tableName(),
                directory,
                options.require(FileSystemOptions.FORMAT),
                options.get(FileSystemOptions.SINK_ROLLING_POLICY_FILE_SIZE),
                options.get(FileSystemOptions.SINK_ROLLING_POLICY_ROLLOVER_INTERVAL)
                        .toMillis());
    }

    /** Files are not indexed by key: lookups go through a full cache, which {@link FileLookupSource} loads. */
    @Override
    public Set<LookupCache> supportedCaches() {
        return EnumSet.of(LookupCache.FULL);
    }

    @Override
    public LookupCache defaultCache() {
        return LookupCache.FULL;
    }

    @Override
    public LookupSource createLookupSource(LookupContext context) {
        return new FileLookupSource(
                context, path(context), context.options().get(FileSystemOptions.SOURCE_SKIP_FIRST_LINE));
    }

    private static Path path(TableContext context) {
        try {
            return FileSystemOptions.localPath(context.options().require(FileSystemOptions.PATH));
        } catch (IllegalArgumentException e) {
            throw new PluginException(
                    "table '" + context.tableName() + "': option 'path': " + e.getMessage(), e, false);
        }
    }
}
