package io.sabot.connector.filesystem.internal;

import java.util.List;

/**
 * What the enumerator checkpoints.
 *
 * @param unassigned splits no reader holds, in assignment order
 * @param seen every file ever discovered (assigned or not), so that a restored monitoring source does not read a
 *     file twice
 * @param listed whether the first listing completed (a bounded source restored before that lists again)
 */
record FileEnumeratorState(List<FileSplit> unassigned, List<String> seen, boolean listed) {

    FileEnumeratorState {
        unassigned = List.copyOf(unassigned);
        seen = List.copyOf(seen);
    }
}
