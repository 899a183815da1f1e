package io.sabot.connector.nexmark.internal;

import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out the splits, all known from the start: one per reader of the first run, split {@code k} to reader {@code
 * k % parallelism} when that reader registers, followed by "no more splits". Splits returned by a failed reader wait
 * for it to register again, as FLIP-27 runtimes re-add a reader after returning its splits. A restore at another
 * parallelism keeps the splits (and so the event numbering) and spreads them over the new readers.
 */
final class NexmarkEnumerator implements SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> {

    private final SplitEnumeratorContext<NexmarkSplit> context;
    /** Unassigned splits by the subtask they wait for. Coordinator thread only. */
    private final Map<Integer, List<NexmarkSplit>> pending = new TreeMap<>();

    NexmarkEnumerator(SplitEnumeratorContext<NexmarkSplit> context, List<NexmarkSplit> unassigned) {
        this.context = context;
        for (NexmarkSplit split : unassigned) {
            park(split, split.number() % context.parallelism());
        }
    }

    /** The splits of a fresh start: {@code count} interleaved shares of the events below {@code end}. */
    static List<NexmarkSplit> initialSplits(int count, int block, long end, long baseTime) {
        List<NexmarkSplit> splits = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            splits.add(NexmarkSplit.first(k, count, block, end, baseTime));
        }
        return splits;
    }

    @Override
    public void start() {
        // nothing to discover; splits go out as readers register
    }

    @Override
    public void handleSplitRequest(int subtaskId) {
        assignPending(subtaskId);
    }

    @Override
    public void addSplitsBack(List<NexmarkSplit> splits, int subtaskId) {
        for (NexmarkSplit split : splits) {
            park(split, subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending(subtaskId);
    }

    @Override
    public NexmarkEnumeratorState snapshotState(long checkpointId) {
        List<NexmarkSplit> unassigned = new ArrayList<>();
        pending.values().forEach(unassigned::addAll);
        unassigned.sort(Comparator.comparingInt(NexmarkSplit::number));
        return new NexmarkEnumeratorState(unassigned);
    }

    @Override
    public void close() {
        pending.clear();
    }

    private void park(NexmarkSplit split, int subtaskId) {
        pending.computeIfAbsent(subtaskId, k -> new ArrayList<>()).add(split);
    }

    private void assignPending(int subtaskId) {
        List<NexmarkSplit> splits = pending.remove(subtaskId);
        if (splits != null) {
            for (NexmarkSplit split : splits) {
                context.assignSplit(split, subtaskId);
            }
        }
        context.signalNoMoreSplits(subtaskId);
    }
}
