package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plugin.PluginException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Discovers files and hands them out one at a time to readers that ask (pull-based, as Flink's file source): one
 * split per file, in path order. Listing runs on the runtime's worker threads ({@link
 * SplitEnumeratorContext#callAsync}): once for a bounded source, periodically when monitoring. Every method runs
 * on the coordinator thread.
 */
final class FileEnumerator implements SplitEnumerator<FileSplit, FileEnumeratorState> {

    private final FileSource source;
    private final SplitEnumeratorContext<FileSplit> context;
    private final ArrayDeque<FileSplit> pending;
    private final Set<String> seen;
    /** Readers that asked while nothing was pending, in the order they asked. */
    private final Set<Integer> waiting = new LinkedHashSet<>();

    private boolean listed;

    FileEnumerator(FileSource source, SplitEnumeratorContext<FileSplit> context, FileEnumeratorState state) {
        this.source = source;
        this.context = context;
        this.pending = new ArrayDeque<>(state.unassigned());
        this.seen = new LinkedHashSet<>(state.seen());
        this.listed = state.listed();
    }

    @Override
    public void start() {
        if (source.monitorInterval() != null) {
            context.callAsync(
                    () -> FileSource.listFiles(source.root()),
                    this::discovered,
                    0,
                    Math.max(1, source.monitorInterval().toMillis()));
        } else if (!listed) {
            context.callAsync(() -> FileSource.listFiles(source.root()), this::discovered);
        }
    }

    private boolean bounded() {
        return source.monitorInterval() == null;
    }

    /** A listing finished (on the coordinator thread again). */
    private void discovered(List<String> files, Throwable failure) {
        if (failure != null) {
            throw new PluginException(
                    "table '" + source.tableName() + "': cannot list files under '" + source.root() + "': "
                            + (failure instanceof NoSuchFileException ? "no such file or directory" : failure),
                    failure,
                    !(failure instanceof NoSuchFileException));
        }
        for (String file : files) {
            if (seen.add(file)) {
                pending.add(FileSplit.of(file));
            }
        }
        listed = true;
        serveWaiting();
    }

    @Override
    public void handleSplitRequest(int subtaskId) {
        waiting.add(subtaskId);
        serveWaiting();
    }

    @Override
    public void addSplitsBack(List<FileSplit> splits, int subtaskId) {
        // back to the front, in their order: they were the earliest files
        for (int i = splits.size() - 1; i >= 0; i--) {
            pending.addFirst(splits.get(i));
        }
        serveWaiting();
    }

    @Override
    public void addReader(int subtaskId) {
        // readers ask for work themselves
    }

    private void serveWaiting() {
        List<Integer> served = new ArrayList<>();
        for (int subtask : waiting) {
            if (!pending.isEmpty()) {
                context.assignSplit(pending.poll(), subtask);
                served.add(subtask);
            } else if (bounded() && listed) {
                context.signalNoMoreSplits(subtask);
                served.add(subtask);
            }
        }
        waiting.removeAll(served);
    }

    @Override
    public FileEnumeratorState snapshotState(long checkpointId) {
        return new FileEnumeratorState(new ArrayList<>(pending), new ArrayList<>(seen), listed);
    }

    @Override
    public void close() {
        pending.clear();
        waiting.clear();
    }
}
