package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.source.RecordSizeLimit;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidatedOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The options of the {@code kafka} connector: Flink's keys and defaults, plus the short aliases of the issue. */
public final class KafkaOptions {

    public static final String EARLIEST = "earliest-offset";
    public static final String LATEST = "latest-offset";
    public static final String GROUP_OFFSETS = "group-offsets";
    public static final String TIMESTAMP = "timestamp";
    public static final String SPECIFIC_OFFSETS = "specific-offsets";
    public static final String UNBOUNDED = "unbounded";

    public static final String NONE = "none";
    public static final String AT_LEAST_ONCE = "at-least-once";
    public static final String EXACTLY_ONCE = "exactly-once";

    public static final OptionDescriptor<String> TOPIC = OptionDescriptor.key("topic")
            .stringType()
            .check(s -> !topics(s).isEmpty(), "one or more topic names separated by ';'")
            .description("The topic to write, or the topics to read separated by ';' ('orders;returns'); give this "
                    + "or 'topic-pattern'.");

    public static final OptionDescriptor<String> TOPIC_PATTERN = OptionDescriptor.key("topic-pattern")
            .stringType()
            .check(KafkaOptions::isRegex, "a Java regular expression")
            .description("Reading only: every topic whose whole name matches this regular expression ('orders-.*'), "
                    + "also topics created later, found by 'scan.topic-partition-discovery.interval'; instead of "
                    + "'topic'.");

    public static final OptionDescriptor<String> BOOTSTRAP_SERVERS = OptionDescriptor.key(
                    "properties.bootstrap.servers")
            .stringType()
            .required()
            .deprecatedKeys("bootstrap.servers")
            .description("Required: the brokers to contact first, host:port[,host:port…]; also 'bootstrap.servers'.");

    public static final OptionDescriptor<String> GROUP_ID = OptionDescriptor.key("properties.group.id")
            .stringType()
            .deprecatedKeys("group.id")
            .description("The consumer group: offsets are committed to it when checkpoints complete (for lag "
                    + "monitoring; the source restores from its checkpoints, not from these), and read by "
                    + "'scan.startup.mode'='group-offsets'. Also 'group.id'.");

    public static final OptionDescriptor<String> FORMAT = OptionDescriptor.key("format")
            .stringType()
            .description("The format of record values, e.g. 'json'; its options follow with its name as prefix. "
                    + "Give this or 'value.format'.");

    public static final OptionDescriptor<String> VALUE_FORMAT = OptionDescriptor.key("value.format")
            .stringType()
            .description("The format of record values, with options prefixed 'value.<format>.'; instead of 'format'.");

    public static final OptionDescriptor<String> KEY_FORMAT = OptionDescriptor.key("key.format")
            .stringType()
            .description("The format of record keys, e.g. 'json' or 'raw', with options prefixed 'key.<format>.'; "
                    + "needs 'key.fields'.");

    public static final OptionDescriptor<List<String>> KEY_FIELDS = OptionDescriptor.key("key.fields")
            .listType()
            .description("The physical columns the record key holds, in order, separated by ';' (as in Flink): "
                    + "read from the key with 'key.format', written into it. Needs 'key.format'.");

    public static final OptionDescriptor<String> KEY_FIELDS_PREFIX = OptionDescriptor.key("key.fields-prefix")
            .stringType()
            .description("A prefix of the key columns' names that the key format does not see (column 'k_id' is "
                    + "field 'id' of the key), so that key and value columns may share names; needs "
                    + "'value.fields-include'='EXCEPT_KEY'.");

    public static final String ALL_FIELDS = "ALL";
    public static final String EXCEPT_KEY = "EXCEPT_KEY";

    public static final OptionDescriptor<String> VALUE_FIELDS_INCLUDE = OptionDescriptor.key("value.fields-include")
            .enumType(ALL_FIELDS, EXCEPT_KEY)
            .defaultValue(ALL_FIELDS)
            .description("Which columns the record value holds: ALL (the key columns too; read from the value) or "
                    + "EXCEPT_KEY (the other columns only; needs key columns).");

    public static final OptionDescriptor<String> SCAN_STARTUP_MODE = OptionDescriptor.key("scan.startup.mode")
            .enumType(EARLIEST, LATEST, GROUP_OFFSETS, TIMESTAMP, SPECIFIC_OFFSETS)
            .defaultValue(GROUP_OFFSETS)
            .description("Where a job without checkpoint starts reading: the earliest or latest offset, the group's "
                    + "committed offsets (partitions without one start as 'properties.auto.offset.reset' says, "
                    + "earliest by default), the first offset at 'scan.startup.timestamp-millis', or "
                    + "'scan.startup.specific-offsets'.");

    public static final OptionDescriptor<Long> SCAN_STARTUP_TIMESTAMP = OptionDescriptor.key(
                    "scan.startup.timestamp-millis")
            .longType()
            .check(t -> t >= 0, "not negative")
            .description("For 'scan.startup.mode'='timestamp': epoch milliseconds.");

    public static final OptionDescriptor<String> SCAN_STARTUP_SPECIFIC_OFFSETS = OptionDescriptor.key(
                    "scan.startup.specific-offsets")
            .stringType()
            .check(s -> parseOffsetsOrNull(s) != null, "of the form 'partition:0,offset:42;partition:1,offset:300'")
            .description("For 'scan.startup.mode'='specific-offsets': 'partition:0,offset:42;partition:1,offset:300'; "
                    + "other partitions start at the earliest offset.");

    public static final OptionDescriptor<String> SCAN_BOUNDED_MODE = OptionDescriptor.key("scan.bounded.mode")
            .enumType(UNBOUNDED, LATEST, GROUP_OFFSETS, TIMESTAMP, SPECIFIC_OFFSETS)
            .defaultValue(UNBOUNDED)
            .description("Where reading ends: never (unbounded), or at the offsets of the job's start (the latest "
                    + "committed ones, for 'read_committed'), the group's committed offsets, the first offset at "
                    + "'scan.bounded.timestamp-millis', or 'scan.bounded.specific-offsets'. A bounded job finishes, "
                    + "flushing its windows.");

    public static final OptionDescriptor<Long> SCAN_BOUNDED_TIMESTAMP = OptionDescriptor.key(
                    "scan.bounded.timestamp-millis")
            .longType()
            .check(t -> t >= 0, "not negative")
            .description("For 'scan.bounded.mode'='timestamp': epoch milliseconds.");

    public static final OptionDescriptor<String> SCAN_BOUNDED_SPECIFIC_OFFSETS = OptionDescriptor.key(
                    "scan.bounded.specific-offsets")
            .stringType()
            .check(s -> parseOffsetsOrNull(s) != null, "of the form 'partition:0,offset:42;partition:1,offset:300'")
            .description("For 'scan.bounded.mode'='specific-offsets': the offset to stop before, per partition; other "
                    + "partitions end where they are at the start.");

    public static final OptionDescriptor<Duration> PARTITION_DISCOVERY_INTERVAL = OptionDescriptor.key(
                    "scan.topic-partition-discovery.interval")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .check(d -> !d.isNegative(), "not negative")
            .description("How often an unbounded source looks for new partitions and, with 'topic-pattern', new "
                    + "topics (both read from their earliest offset); 0 turns discovery off.");

    public static final OptionDescriptor<String> SINK_DELIVERY_GUARANTEE = OptionDescriptor.key(
                    "sink.delivery-guarantee")
            .enumType(NONE, AT_LEAST_ONCE, EXACTLY_ONCE)
            .defaultValue(AT_LEAST_ONCE)
            .description("none: fire and forget; at-least-once: flush at every checkpoint; exactly-once: a Kafka "
                    + "transaction per checkpoint, committed when it completes (readers use "
                    + "'isolation.level'='read_committed').");

    public static final OptionDescriptor<String> SINK_TRANSACTIONAL_ID_PREFIX = OptionDescriptor.key(
                    "sink.transactional-id-prefix")
            .stringType()
            .check(s -> !s.isBlank(), "not blank")
            .description("Required for exactly-once: the prefix of the sink's transactional ids, unique per job "
                    + "writing to the cluster (ids are '<prefix>-<subtask>-<checkpoint>').");

    public static final OptionDescriptor<Long> SINK_RETRY_BUFFER_SIZE = OptionDescriptor.key("sink.retry-buffer-size")
            .memorySizeType()
            .defaultValue(64L << 20)
            .check(size -> size >= 0, "not negative")
            .description("How many bytes of records (keys and values) a sink subtask keeps to send again after the "
                    + "producer fails (a broker down for longer than 'properties.delivery.timeout.ms'): those not yet "
                    + "acknowledged (at-least-once), or those of the open transaction (exactly-once). Within it, a "
                    + "failed send is retriable by the table's error handlers ('error.handler' = 'retry'); beyond "
                    + "it, the job restarts from its last checkpoint. 0 turns the retry of sends off.");

    public static final OptionDescriptor<Integer> SINK_PARALLELISM = OptionDescriptor.key("sink.parallelism")
            .intType()
            .check(p -> p > 0, "positive")
            .description("Accepted for Flink compatibility and ignored: the job decides the sink's parallelism.");

    /** Every option, in the order of the documentation table. */
    public static final List<OptionDescriptor<?>> ALL = List.of(
            TOPIC,
            TOPIC_PATTERN,
            BOOTSTRAP_SERVERS,
            GROUP_ID,
            FORMAT,
            VALUE_FORMAT,
            KEY_FORMAT,
            KEY_FIELDS,
            KEY_FIELDS_PREFIX,
            VALUE_FIELDS_INCLUDE,
            SCAN_STARTUP_MODE,
            SCAN_STARTUP_TIMESTAMP,
            SCAN_STARTUP_SPECIFIC_OFFSETS,
            SCAN_BOUNDED_MODE,
            SCAN_BOUNDED_TIMESTAMP,
            SCAN_BOUNDED_SPECIFIC_OFFSETS,
            PARTITION_DISCOVERY_INTERVAL,
            RecordSizeLimit.OPTION,
            SINK_DELIVERY_GUARANTEE,
            SINK_TRANSACTIONAL_ID_PREFIX,
            SINK_RETRY_BUFFER_SIZE,
            SINK_PARALLELISM);

    /** Kafka client settings pass through under this prefix, e.g. {@code properties.isolation.level}. */
    public static final String PROPERTIES_PREFIX = "properties.";

    private KafkaOptions() {}

    /** The option naming the value format the user gave: {@code value.format} or {@code format}. */
    static String formatKey(ValidatedOptions options) {
        return options.contains(VALUE_FORMAT.key()) ? VALUE_FORMAT.key() : FORMAT.key();
    }

    /** The topic names of a {@code topic} value: separated by ';', blanks around them dropped, empty ones too. */
    static List<String> topics(String value) {
        List<String> topics = new ArrayList<>();
        for (String topic : value.split(";")) {
            if (!topic.isBlank() && !topics.contains(topic.trim())) {
                topics.add(topic.trim());
            }
        }
        return topics;
    }

    private static boolean isRegex(String value) {
        try {
            Pattern.compile(value);
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** The checks that span options; one error per key. */
    /** The checks of the bounded mode alone (upsert-kafka reads from the earliest offset, without startup mode). */
    static List<OptionError> boundedCheck(ValidatedOptions options) {
        List<OptionError> errors = new ArrayList<>();
        requireFor(errors, options, SCAN_BOUNDED_MODE, TIMESTAMP, SCAN_BOUNDED_TIMESTAMP);
        requireFor(errors, options, SCAN_BOUNDED_MODE, SPECIFIC_OFFSETS, SCAN_BOUNDED_SPECIFIC_OFFSETS);
        if (GROUP_OFFSETS.equals(options.get(SCAN_BOUNDED_MODE)) && options.get(GROUP_ID) == null) {
            errors.add(new OptionError(
                    SCAN_BOUNDED_MODE.key(),
                    OptionError.Kind.INVALID,
                    "option 'scan.bounded.mode' is 'group-offsets', which needs 'properties.group.id'"));
        }
        return errors;
    }

    static List<OptionError> crossCheck(ValidatedOptions options, boolean forSink) {
        List<OptionError> errors = new ArrayList<>();
        boolean topic = options.contains(TOPIC.key());
        boolean pattern = options.contains(TOPIC_PATTERN.key());
        if (topic == pattern) {
            errors.add(new OptionError(
                    TOPIC.key(),
                    topic ? OptionError.Kind.CONFLICT : OptionError.Kind.MISSING,
                    topic
                            ? "options 'topic' and 'topic-pattern' cannot both be given: name the topics, or match them"
                            : "missing option 'topic' (or 'topic-pattern'): the topic to read or write"));
        }
        boolean singleTopic = topic && !pattern && topics(options.get(TOPIC)).size() == 1;
        for (OptionDescriptor<String> offsets : List.of(SCAN_STARTUP_SPECIFIC_OFFSETS, SCAN_BOUNDED_SPECIFIC_OFFSETS)) {
            if (options.contains(offsets.key()) && (topic || pattern) && !singleTopic) {
                errors.add(new OptionError(
                        offsets.key(),
                        OptionError.Kind.INVALID,
                        "option '" + offsets.key() + "' gives offsets by partition of one topic, but the table reads "
                                + (pattern ? "the topics 'topic-pattern' matches" : "several topics")
                                + " (as Flink, specific offsets need a single 'topic')"));
            }
        }
        boolean format = options.contains(FORMAT.key());
        boolean valueFormat = options.contains(VALUE_FORMAT.key());
        if (format == valueFormat) {
            errors.add(new OptionError(
                    FORMAT.key(),
                    format ? OptionError.Kind.CONFLICT : OptionError.Kind.MISSING,
                    format
                            ? "option 'format' and 'value.format' both name the value format; keep one"
                            : "missing option 'format' (or 'value.format'): the format of record values, e.g. 'json'"));
        }
        requireFor(errors, options, SCAN_STARTUP_MODE, TIMESTAMP, SCAN_STARTUP_TIMESTAMP);
        requireFor(errors, options, SCAN_STARTUP_MODE, SPECIFIC_OFFSETS, SCAN_STARTUP_SPECIFIC_OFFSETS);
        requireFor(errors, options, SCAN_BOUNDED_MODE, TIMESTAMP, SCAN_BOUNDED_TIMESTAMP);
        requireFor(errors, options, SCAN_BOUNDED_MODE, SPECIFIC_OFFSETS, SCAN_BOUNDED_SPECIFIC_OFFSETS);
        if (!forSink) {
            for (OptionDescriptor<String> mode : List.of(SCAN_STARTUP_MODE, SCAN_BOUNDED_MODE)) {
                if (GROUP_OFFSETS.equals(options.get(mode)) && options.get(GROUP_ID) == null) {
                    errors.add(new OptionError(
                            mode.key(),
                            OptionError.Kind.INVALID,
                            "option '" + mode.key() + "' is 'group-offsets' (the default of scan.startup.mode), "
                                    + "which needs 'properties.group.id'; set it or choose another mode"));
                }
            }
        }
        if (forSink) {
            errors.addAll(sinkCheck(options));
        }
        return errors;
    }

    /**
     * What only a sink needs: one topic. Checked when the sink is created, since the same table may be read from
     * several topics.
     */
    static List<OptionError> sinkTopicCheck(ValidatedOptions options) {
        if (options.contains(TOPIC_PATTERN.key())) {
            return List.of(new OptionError(
                    TOPIC_PATTERN.key(),
                    OptionError.Kind.INVALID,
                    "option 'topic-pattern' is for reading only: a Kafka sink writes one topic, named by 'topic'"));
        }
        String topic = options.get(TOPIC);
        if (topic != null && topics(topic).size() > 1) {
            return List.of(new OptionError(
                    TOPIC.key(),
                    OptionError.Kind.INVALID,
                    "option 'topic' lists " + topics(topic).size() + " topics ('" + topic + "'), but a Kafka sink "
                            + "writes one topic: name one"));
        }
        return List.of();
    }

    /** The checks of the sink options: exactly once needs a transactional id prefix. */
    static List<OptionError> sinkCheck(ValidatedOptions options) {
        if (EXACTLY_ONCE.equals(options.get(SINK_DELIVERY_GUARANTEE))
                && options.get(SINK_TRANSACTIONAL_ID_PREFIX) == null) {
            return List.of(new OptionError(
                    SINK_TRANSACTIONAL_ID_PREFIX.key(),
                    OptionError.Kind.MISSING,
                    "missing option 'sink.transactional-id-prefix', required by 'sink.delivery-guarantee'="
                            + "'exactly-once'"));
        }
        return List.of();
    }

    private static void requireFor(
            List<OptionError> errors,
            ValidatedOptions options,
            OptionDescriptor<String> mode,
            String value,
            OptionDescriptor<?> needed) {
        if (value.equals(options.get(mode)) && options.get(needed) == null) {
            errors.add(new OptionError(
                    needed.key(),
                    OptionError.Kind.MISSING,
                    "missing option '" + needed.key() + "', required by '" + mode.key() + "'='" + value + "'"));
        }
    }

    /** {@code partition:0,offset:42;partition:1,offset:300} as partition → offset, or null when malformed. */
    static Map<Integer, Long> parseOffsetsOrNull(String text) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(",");
            if (parts.length != 2
                    || !parts[0].trim().startsWith("partition:")
                    || !parts[1].trim().startsWith("offset:")) {
                return null;
            }
            try {
                int partition = Integer.parseInt(
                        parts[0].trim().substring("partition:".length()).trim());
                long offset = Long.parseLong(
                        parts[1].trim().substring("offset:".length()).trim());
                if (partition < 0 || offset < 0 || offsets.put(partition, offset) != null) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return offsets.isEmpty() ? null : offsets;
    }
}
