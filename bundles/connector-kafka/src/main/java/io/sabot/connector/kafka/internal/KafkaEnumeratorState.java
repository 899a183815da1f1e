package io.sabot.connector.kafka.internal;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * What the enumerator checkpoints: every topic-partition it has handed out or will hand out (so discovery does not add
 * them again, and a restore knows which topics are new), the splits not yet assigned, and whether the first discovery
 * (the one the startup mode applies to) is done.
 *
 * @param knownPartitions topic-partitions; in state of version 1 (one topic per table) their topic is {@link
 *     #SINGLE_TOPIC}, the table's one topic
 */
record KafkaEnumeratorState(
        List<TopicPartition> knownPartitions, List<KafkaSplit> unassigned, boolean initialDiscoveryDone) {

    /** The topic of partitions restored from version 1, which recorded partitions of the table's one topic. */
    static final String SINGLE_TOPIC = "";

    KafkaEnumeratorState {
        knownPartitions = List.copyOf(knownPartitions);
        unassigned = List.copyOf(unassigned);
    }
}
