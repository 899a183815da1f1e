package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.source.RecordSizeLimit;
import io.sabot.plugin.OptionDescriptor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The options of the {@code filesystem} connector: Flink's keys and defaults, plus {@code source.skip-first-line}. */
public final class FileSystemOptions {

    public static final OptionDescriptor<String> PATH = OptionDescriptor.key("path")
            .stringType()
            .required()
            .description(
                    "Required: the file or directory to read, or the directory to write; a local path or a file:// "
                            + "URI.");

    public static final OptionDescriptor<String> FORMAT = OptionDescriptor.key("format")
            .stringType()
            .required()
            .description(
                    "Required: the format of the lines, e.g. 'csv' or 'json'; its options follow with its name as prefix, "
                            + "e.g. 'csv.field-delimiter'.");

    public static final OptionDescriptor<Duration> SOURCE_MONITOR_INTERVAL = OptionDescriptor.key(
                    "source.monitor-interval")
            .durationType()
            .check(d -> !d.isZero(), "positive")
            .description("When set, the source is unbounded: it lists the directory again at this interval and reads "
                    + "the files that appeared since. When not set, it reads the files present at the start and ends.");

    public static final OptionDescriptor<Boolean> SOURCE_SKIP_FIRST_LINE = OptionDescriptor.key(
                    "source.skip-first-line")
            .booleanType()
            .defaultValue(false)
            .description("Sabot extension: skips the first line of every file, e.g. a CSV header.");

    public static final OptionDescriptor<Long> SINK_ROLLING_POLICY_FILE_SIZE = OptionDescriptor.key(
                    "sink.rolling-policy.file-size")
            .memorySizeType()
            .defaultValue(128L << 20)
            .check(size -> size > 0, "positive")
            .description("A part file is closed and a new one started once it reaches this size (default 128 MiB; "
                    + "checked after each batch).");

    public static final OptionDescriptor<Duration> SINK_ROLLING_POLICY_ROLLOVER_INTERVAL = OptionDescriptor.key(
                    "sink.rolling-policy.rollover-interval")
            .durationType()
            .defaultValue(Duration.ofMinutes(30))
            .check(d -> !d.isZero(), "positive")
            .description("A part file is closed and a new one started once it has been open this long (checked after "
                    + "each batch). Every checkpoint closes the open part files as well.");

    public static final OptionDescriptor<Integer> SINK_PARALLELISM = OptionDescriptor.key("sink.parallelism")
            .intType()
            .check(p -> p > 0, "positive")
            .description("Accepted for Flink compatibility and ignored: the job decides the sink's parallelism.");

    /** Every option, in the order of the documentation table: the connector's, then the lookup options. */
    public static final List<OptionDescriptor<?>> ALL = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                            PATH,
                            FORMAT,
                            SOURCE_MONITOR_INTERVAL,
                            SOURCE_SKIP_FIRST_LINE,
                            RecordSizeLimit.OPTION,
                            SINK_ROLLING_POLICY_FILE_SIZE,
                            SINK_ROLLING_POLICY_ROLLOVER_INTERVAL,
                            SINK_PARALLELISM),
                    io.sabot.connector.spi.lookup.LookupOptions.ALL.stream())
            .toList();

    private FileSystemOptions() {}

    /**
     * The local path a {@code path} option names: a plain path, or a {@code file:} URI.
     *
     * @throws IllegalArgumentException for another scheme or a malformed URI, saying what is accepted
     */
    static Path localPath(String text) {
        int colon = text.indexOf(':');
        int slash = text.indexOf('/');
        boolean hasScheme = colon > 1 && (slash < 0 || colon < slash);
        if (!hasScheme) {
            return Path.of(text);
        }
        String scheme = text.substring(0, colon);
        if (!scheme.equalsIgnoreCase("file")) {
            throw new IllegalArgumentException(
                    "only local files are supported (a path or a file:// URI), not '" + scheme + "://'");
        }
        try {
            return Path.of(URI.create(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a valid file URI (expected file:///absolute/path): " + e.getMessage());
        }
    }
}
