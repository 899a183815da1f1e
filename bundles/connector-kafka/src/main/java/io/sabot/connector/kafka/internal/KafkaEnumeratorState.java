package io.sabot.connector.kafka.internal;

import java.util.List;

/**
 * What the enumerator checkpoints: every partition it has handed out or will hand out (so discovery does not add
 * them again), the splits not yet assigned, and whether the first discovery (the one the startup mode applies to) is
 * done.
 */
record KafkaEnumeratorState(List<Integer> knownPartitions, List<KafkaSplit> unassigned, boolean initialDiscoveryDone) {

    KafkaEnumeratorState {
        knownPartitions = List.copyOf(knownPartitions);
        unassigned = List.copyOf(unassigned);
    }
}
