package io.sabot.connector.datagen.internal;

import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out datagen's splits, all known from the start: split {@code k} goes to reader {@code k % parallelism} when
 * that reader registers, followed by "no more splits". Splits returned by a failed reader wait for it to register
 * again, as FLIP-27 runtimes re-add a reader after returning its splits.
 */
final class DatagenEnumerator implements SplitEnumerator<DatagenSplit, DatagenEnumeratorState> {

    private final SplitEnumeratorContext<DatagenSplit> context;
    /** Unassigned splits by the subtask they wait for. Coordinator thread only. */
    private final Map<Integer, List<DatagenSplit>> pending = new TreeMap<>();

    DatagenEnumerator(SplitEnumeratorContext<DatagenSplit> context, List<DatagenSplit> unassigned) {
        this.context = context;
        for (DatagenSplit split : unassigned) {
            park(split, split.number() % context.parallelism());
        }
    }

    /**
     * The splits of a fresh start: {@code [0, totalRows)} cut into {@code count} near-equal ranges, or, unbounded,
     * {@code [0, Long.MAX_VALUE)} cut the same way (a range no reader will ever exhaust).
     */
    static List<DatagenSplit> initialSplits(long seed, long totalRows, int count) {
        long total = totalRows < 0 ? Long.MAX_VALUE : totalRows;
        List<DatagenSplit> splits = new ArrayList<>(count);
        long size = total / count;
        long extra = total % count;
        long start = 0;
        for (int k = 0; k < count; k++) {
            long end = start + size + (k < extra ? 1 : 0);
            splits.add(new DatagenSplit(k, seed, start, end, start));
            start = end;
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
    public void addSplitsBack(List<DatagenSplit> splits, int subtaskId) {
        for (DatagenSplit split : splits) {
            park(split, subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending(subtaskId);
    }

    @Override
    public DatagenEnumeratorState snapshotState(long checkpointId) {
        List<DatagenSplit> unassigned = new ArrayList<>();
        pending.values().forEach(unassigned::addAll);
        unassigned.sort(Comparator.comparingInt(DatagenSplit::number));
        return new DatagenEnumeratorState(unassigned);
    }

    @Override
    public void close() {
        pending.clear();
    }

    private void park(DatagenSplit split, int subtaskId) {
        pending.computeIfAbsent(subtaskId, k -> new ArrayList<>()).add(split);
    }

    private void assignPending(int subtaskId) {
        List<DatagenSplit> splits = pending.remove(subtaskId);
        if (splits != null) {
            for (DatagenSplit split : splits) {
                context.assignSplit(split, subtaskId);
            }
        }
        context.signalNoMoreSplits(subtaskId);
    }
}
