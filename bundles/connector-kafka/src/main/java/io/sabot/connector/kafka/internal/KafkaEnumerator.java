package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Lists the partitions of the source's topics — the ones named, or those whose name matches the pattern — through an
 * {@link Admin} client (on a worker thread), makes one split per topic-partition with its starting (and, when bounded,
 * stopping) offset resolved, and assigns each to a fixed reader, spreading each topic's partitions over the
 * parallelism as Flink does. An unbounded source keeps looking for new partitions and, with a pattern, new topics;
 * those start at their earliest offset. After a restore, topics the checkpoint did not know (a pattern that now
 * matches more) start as the startup mode says. A bounded source lists once and then tells every reader that no more
 * splits come.
 */
final class KafkaEnumerator implements SplitEnumerator<KafkaSplit, KafkaEnumeratorState> {

    private static final long ADMIN_TIMEOUT_SECONDS = 60;

    private final KafkaSource source;
    private final SplitEnumeratorContext<KafkaSplit> context;
    /** Partitions handed out or pending; read by the worker thread to skip them, written on the coordinator. */
    private final Set<TopicPartition> known = ConcurrentHashMap.newKeySet();
    /** The topics of the restored state: their new partitions start at the earliest offset, other topics' not. */
    private final Set<String> restoredTopics = new HashSet<>();

    private final Map<Integer, List<KafkaSplit>> pending = new TreeMap<>();
    private final Set<Integer> readers = new HashSet<>();
    private volatile boolean initialDiscoveryDone;
    /** Whether a discovery of this enumerator (not of the one it was restored from) has completed. */
    private volatile boolean discoveredThisRun;

    private volatile Admin admin;

    KafkaEnumerator(KafkaSource source, SplitEnumeratorContext<KafkaSplit> context, KafkaEnumeratorState state) {
        this.source = source;
        this.context = context;
        for (TopicPartition tp : state.knownPartitions()) {
            if (tp.topic().equals(KafkaEnumeratorState.SINGLE_TOPIC)) { // checkpointed by the one-topic version
                if (source.topics().size() != 1) {
                    throw new PluginException(
                            "table '" + source.tableName() + "': the checkpoint was taken while the table read one "
                                    + "topic, whose name it does not record; restore it with that 'topic' first",
                            false);
                }
                tp = new TopicPartition(source.topics().get(0), tp.partition());
            }
            known.add(tp);
            restoredTopics.add(tp.topic());
        }
        this.initialDiscoveryDone = state.initialDiscoveryDone();
        for (KafkaSplit split : state.unassigned()) {
            restoredTopics.add(split.topic());
            pending.computeIfAbsent(owner(split), k -> new ArrayList<>()).add(split);
        }
    }

    @Override
    public void start() {
        long interval =
                source.options().get(KafkaOptions.PARTITION_DISCOVERY_INTERVAL).toMillis();
        if (source.bounded()) {
            if (!initialDiscoveryDone) {
                context.callAsync(this::discover, this::handleDiscovery);
            }
        } else if (interval > 0) {
            context.callAsync(this::discover, this::handleDiscovery, 0, interval);
        } else if (!initialDiscoveryDone) {
            context.callAsync(this::discover, this::handleDiscovery);
        }
    }

    /** Worker thread: the splits of partitions not seen before, offsets resolved. */
    private List<KafkaSplit> discover() throws Exception {
        Admin client = admin();
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicDescription description : describe(client)) {
            for (TopicPartitionInfo info : description.partitions()) {
                TopicPartition tp = new TopicPartition(description.name(), info.partition());
                if (!known.contains(tp)) {
                    fresh.add(tp);
                }
            }
        }
        if (fresh.isEmpty()) {
            discoveredThisRun = true;
            return List.of();
        }
        // the startup mode applies to the first discovery, and after a restore to topics the checkpoint did not know;
        // partitions found later (a new partition, a new topic the pattern matches) are read from their beginning
        List<TopicPartition> atStartup = new ArrayList<>();
        List<TopicPartition> fromEarliest = new ArrayList<>();
        for (TopicPartition tp : fresh) {
            boolean startup = !initialDiscoveryDone || (!discoveredThisRun && !restoredTopics.contains(tp.topic()));
            (startup ? atStartup : fromEarliest).add(tp);
        }
        Map<TopicPartition, Long> start = new HashMap<>(startingOffsets(client, atStartup));
        start.putAll(listOffsets(client, fromEarliest, OffsetSpec.earliest()));
        Map<TopicPartition, Long> stop = source.bounded() ? stoppingOffsets(client, fresh) : Map.of();
        List<KafkaSplit> splits = new ArrayList<>();
        for (TopicPartition tp : fresh) {
            long stopping = stop.getOrDefault(tp, KafkaSplit.NO_STOP);
            splits.add(new KafkaSplit(tp.topic(), tp.partition(), Math.min(start.get(tp), stopping), stopping));
        }
        discoveredThisRun = true;
        return splits;
    }

    /**
     * The topics to read: the named ones, each of which must exist, or the ones the pattern matches now (internal
     * topics excluded, as Kafka lists them; a topic deleted meanwhile is left for the next discovery).
     */
    private List<TopicDescription> describe(Admin client) throws Exception {
        boolean matching = source.pattern() != null;
        List<String> names = new ArrayList<>();
        if (matching) {
            for (String name :
                    new java.util.TreeSet<>(client.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS))) {
                if (source.pattern().matcher(name).matches()) {
                    names.add(name);
                }
            }
        } else {
            names.addAll(source.topics());
        }
        if (names.isEmpty()) {
            return List.of();
        }
        List<TopicDescription> descriptions = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> e :
                client.describeTopics(names).topicNameValues().entrySet()) {
            try {
                descriptions.add(e.getValue().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw ex;
                }
                missing.add(e.getKey());
            }
        }
        if (!missing.isEmpty() && !matching) {
            java.util.Collections.sort(missing);
            throw new PluginException(
                    "table '" + source.tableName() + "': topic" + (missing.size() == 1 ? " '" : "s '")
                            + String.join("', '", missing) + (missing.size() == 1 ? "' does not" : "' do not")
                            + " exist",
                    true);
        }
        return descriptions;
    }

    private Map<TopicPartition, Long> startingOffsets(Admin client, List<TopicPartition> partitions) throws Exception {
        ValidatedOptions options = source.options();
        switch (source.startupMode()) {
            case KafkaOptions.EARLIEST:
                return listOffsets(client, partitions, OffsetSpec.earliest());
            case KafkaOptions.LATEST:
                return listOffsets(client, partitions, OffsetSpec.latest());
            case KafkaOptions.TIMESTAMP:
                return atTimestamp(client, partitions, options.get(KafkaOptions.SCAN_STARTUP_TIMESTAMP));
            case KafkaOptions.SPECIFIC_OFFSETS:
                return specific(
                        client,
                        partitions,
                        options.get(KafkaOptions.SCAN_STARTUP_SPECIFIC_OFFSETS),
                        OffsetSpec.earliest());
            default: // group offsets; partitions without one as auto.offset.reset says
                String reset = options.passThrough(KafkaOptions.PROPERTIES_PREFIX)
                        .getOrDefault(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
                Map<TopicPartition, Long> committed = groupOffsets(client, partitions);
                List<TopicPartition> missing = new ArrayList<>();
                partitions.stream().filter(tp -> !committed.containsKey(tp)).forEach(missing::add);
                if (!missing.isEmpty()) {
                    if (reset.equals("none")) {
                        throw new PluginException(
                                "table '" + source.tableName() + "': group '" + source.groupId()
                                        + "' has no committed offset for " + missing
                                        + " and 'properties.auto.offset.reset' is 'none'",
                                false);
                    }
                    committed.putAll(listOffsets(
                            client, missing, reset.equals("latest") ? OffsetSpec.latest() : OffsetSpec.earliest()));
                }
                return committed;
        }
    }

    private Map<TopicPartition, Long> stoppingOffsets(Admin client, List<TopicPartition> partitions) throws Exception {
        ValidatedOptions options = source.options();
        switch (options.get(KafkaOptions.SCAN_BOUNDED_MODE)) {
            case KafkaOptions.TIMESTAMP:
                return atTimestamp(client, partitions, options.get(KafkaOptions.SCAN_BOUNDED_TIMESTAMP));
            case KafkaOptions.SPECIFIC_OFFSETS:
                return specific(
                        client,
                        partitions,
                        options.get(KafkaOptions.SCAN_BOUNDED_SPECIFIC_OFFSETS),
                        OffsetSpec.latest());
            case KafkaOptions.GROUP_OFFSETS:
                Map<TopicPartition, Long> committed = groupOffsets(client, partitions);
                List<TopicPartition> missing = new ArrayList<>();
                partitions.stream().filter(tp -> !committed.containsKey(tp)).forEach(missing::add);
                committed.putAll(listOffsets(client, missing, OffsetSpec.latest()));
                return committed;
            default: // latest-offset: where each partition ends now (its last stable offset for read_committed)
                return listOffsets(client, partitions, OffsetSpec.latest());
        }
    }

    private Map<TopicPartition, Long> atTimestamp(Admin client, List<TopicPartition> partitions, long timestamp)
            throws Exception {
        Map<TopicPartition, Long> offsets = listOffsets(client, partitions, OffsetSpec.forTimestamp(timestamp));
        List<TopicPartition> none = new ArrayList<>();
        offsets.forEach((tp, offset) -> {
            if (offset < 0) {
                none.add(tp); // nothing at or after the timestamp: the end
            }
        });
        offsets.putAll(listOffsets(client, none, OffsetSpec.latest()));
        return offsets;
    }

    private Map<TopicPartition, Long> specific(
            Admin client, List<TopicPartition> partitions, String text, OffsetSpec otherwise) throws Exception {
        Map<Integer, Long> given = KafkaOptions.parseOffsetsOrNull(text);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        List<TopicPartition> rest = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long offset = given.get(tp.partition());
            if (offset != null) {
                offsets.put(tp, offset);
            } else {
                rest.add(tp);
            }
        }
        offsets.putAll(listOffsets(client, rest, otherwise));
        return offsets;
    }

    private Map<TopicPartition, Long> groupOffsets(Admin client, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(source.groupId())
                .partitionsToOffsetAndMetadata()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                offsets.put(tp, offset.offset());
            }
        }
        return offsets;
    }

    private Map<TopicPartition, Long> listOffsets(Admin client, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (partitions.isEmpty()) {
            return offsets;
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = client.listOffsets(
                        request, new ListOffsetsOptions(source.isolationLevel()))
                .all()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private Admin admin() {
        Admin client = admin;
        if (client == null) {
            client = Clients.create(() -> Admin.create(Clients.common(source.options())));
            admin = client;
        }
        return client;
    }

    /** Coordinator thread. */
    private void handleDiscovery(List<KafkaSplit> splits, Throwable failure) {
        if (failure != null) {
            if (failure instanceof PluginException e) {
                throw e;
            }
            throw new PluginException(
                    "table '" + source.tableName() + "': cannot list the partitions of " + source.describeTopics()
                            + ": " + failure,
                    failure,
                    true);
        }
        for (KafkaSplit split : splits) {
            if (known.add(new TopicPartition(split.topic(), split.partition()))) {
                pending.computeIfAbsent(owner(split), k -> new ArrayList<>()).add(split);
            }
        }
        initialDiscoveryDone = true;
        for (int reader : readers) {
            assignPending(reader);
        }
    }

    /** The reader that owns a split: a topic's consecutive partitions on consecutive readers, from a per-topic start. */
    private int owner(KafkaSplit split) {
        int parallelism = context.parallelism();
        int start = ((split.topic().hashCode() * 31) & 0x7FFFFFFF) % parallelism;
        return (start + split.partition()) % parallelism;
    }

    private void assignPending(int reader) {
        List<KafkaSplit> splits = pending.remove(reader);
        if (splits != null) {
            for (KafkaSplit split : splits) {
                context.assignSplit(split, reader);
            }
        }
        if (source.bounded() && initialDiscoveryDone) {
            context.signalNoMoreSplits(reader);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId) {
        // push-based: every partition has its reader
    }

    @Override
    public void addSplitsBack(List<KafkaSplit> splits, int subtaskId) {
        readers.remove(subtaskId);
        for (KafkaSplit split : splits) {
            pending.computeIfAbsent(owner(split), k -> new ArrayList<>()).add(split);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        readers.add(subtaskId);
        assignPending(subtaskId);
    }

    @Override
    public KafkaEnumeratorState snapshotState(long checkpointId) {
        List<KafkaSplit> unassigned = new ArrayList<>();
        pending.values().forEach(unassigned::addAll);
        return new KafkaEnumeratorState(new ArrayList<>(known), unassigned, initialDiscoveryDone);
    }

    @Override
    public void close() {
        Admin client = admin;
        admin = null;
        if (client != null) {
            client.close(java.time.Duration.ofSeconds(5));
        }
    }
}
