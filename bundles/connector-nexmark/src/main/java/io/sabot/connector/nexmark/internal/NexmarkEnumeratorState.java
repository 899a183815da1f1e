package io.sabot.connector.nexmark.internal;

import java.util.List;

/**
 * What the enumerator checkpoints: the splits it has not handed to a reader (at a fresh start, before readers
 * register, or after a failed reader's splits came back).
 *
 * @param unassigned the splits not held by any reader, in split number order
 */
record NexmarkEnumeratorState(List<NexmarkSplit> unassigned) {

    NexmarkEnumeratorState {
        unassigned = List.copyOf(unassigned);
    }
}
