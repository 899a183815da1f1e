package io.sabot.state.spi.snapshot;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.state.spi.IncompatibleStateException;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.TimerDescriptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class OperatorStateManifestTest {

    static final StateDescriptor COUNTS =
            StateDescriptor.value("counts", SnapshotFormatTest.KEY, SnapshotFormatTest.VALUE);
    static final TimerDescriptor TIMERS = TimerDescriptor.eventTime("window-end", SnapshotFormatTest.KEY);
    static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");

    static KeyedStateSnapshot subtask(int index, int parallelism, boolean withTimers) {
        KeyGroupRange range = KeyGroups.rangeForOperator(128, parallelism, index);
        List<StateFile> files = new ArrayList<>();
        files.add(new StateFile(
                StateFile.Kind.STATE, "counts", SnapshotFormat.stateFilePath("counts", range), range, 10, 100));
        if (withTimers) {
            files.add(new StateFile(
                    StateFile.Kind.TIMERS,
                    "window-end",
                    SnapshotFormat.timerFilePath("window-end", range),
                    range,
                    1,
                    50));
        }
        return new KeyedStateSnapshot(
                index, range, "memory", "1.0.0", List.of(COUNTS), withTimers ? List.of(TIMERS) : List.of(), files);
    }

    static OperatorStateManifest twoSubtasks() {
        return OperatorStateManifest.merge(
                "acme", "job", "op-1", 42, false, NOW, 128, List.of(subtask(1, 2, false), subtask(0, 2, true)));
    }

    @Test
    public void mergeUnitesSubtasksInKeyGroupOrder() {
        OperatorStateManifest manifest = twoSubtasks();
        assertEquals(SnapshotFormat.FORMAT_VERSION, manifest.formatVersion());
        assertEquals(2, manifest.parallelism());
        assertEquals(128, manifest.maxParallelism());
        assertEquals("memory", manifest.backend());
        assertEquals(List.of(COUNTS), manifest.states());
        assertEquals("timers declared by one subtask only are kept", List.of(TIMERS), manifest.timers());
        assertEquals(
                List.of(
                        "state/counts/kg-00000-00063.arrow",
                        "state/counts/kg-00064-00127.arrow",
                        "timers/window-end/kg-00000-00063.arrow"),
                manifest.files().stream().map(StateFile::path).toList());
        assertEquals(COUNTS, manifest.state("counts").orElseThrow());
        assertTrue(manifest.timer("nope").isEmpty());
    }

    /** Restoring at parallelism 3 from a snapshot taken at 2: the middle subtask reads both old files. */
    @Test
    public void rescaledSubtasksFindTheFilesOverlappingTheirRange() {
        OperatorStateManifest manifest = twoSubtasks();
        List<List<String>> perNewSubtask = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            perNewSubtask.add(manifest.filesOverlapping(KeyGroups.rangeForOperator(128, 3, i)).stream()
                    .filter(f -> f.kind() == StateFile.Kind.STATE)
                    .map(StateFile::path)
                    .toList());
        }
        assertEquals(List.of("state/counts/kg-00000-00063.arrow"), perNewSubtask.get(0));
        assertEquals(
                List.of("state/counts/kg-00000-00063.arrow", "state/counts/kg-00064-00127.arrow"),
                perNewSubtask.get(1));
        assertEquals(List.of("state/counts/kg-00064-00127.arrow"), perNewSubtask.get(2));
    }

    @Test
    public void mergeRejectsMissingOrOverlappingSubtasks() {
        expectIllegal(
                () -> OperatorStateManifest.merge(
                        "acme", "job", "op-1", 1, false, NOW, 128, List.of(subtask(0, 2, false))),
                "end at key group 63");
        expectIllegal(
                () -> OperatorStateManifest.merge(
                        "acme", "job", "op-1", 1, false, NOW, 128, List.of(subtask(0, 2, false), subtask(1, 3, false))),
                "gap or overlap");
        expectIllegal(
                () -> OperatorStateManifest.merge("acme", "job", "op-1", 1, false, NOW, 128, List.of()), "no subtask");
    }

    @Test
    public void mergeRejectsConflictingDescriptors() {
        KeyedStateSnapshot first = subtask(0, 2, false);
        KeyGroupRange range = KeyGroups.rangeForOperator(128, 2, 1);
        KeyedStateSnapshot second = new KeyedStateSnapshot(
                1,
                range,
                "memory",
                "1.0.0",
                List.of(StateDescriptor.list("counts", SnapshotFormatTest.KEY, SnapshotFormatTest.VALUE)),
                List.of(),
                List.of());
        expectIllegal(
                () -> OperatorStateManifest.merge("acme", "job", "op-1", 1, false, NOW, 128, List.of(first, second)),
                "differently");
    }

    @Test
    public void manifestRejectsUndeclaredOrOverlappingFiles() {
        KeyGroupRange range = KeyGroupRange.of(0, 127);
        StateFile file = new StateFile(StateFile.Kind.STATE, "counts", "state/counts/a.arrow", range, 0, 0);
        StateFile overlapping =
                new StateFile(StateFile.Kind.STATE, "counts", "state/counts/b.arrow", KeyGroupRange.of(5, 6), 0, 0);
        expectIllegal(() -> manifest(List.of(), List.of(file)), "undeclared");
        expectIllegal(() -> manifest(List.of(COUNTS), List.of(file, overlapping)), "overlap");
        expectIllegal(
                () -> manifest(
                        List.of(COUNTS),
                        List.of(new StateFile(
                                StateFile.Kind.STATE, "counts", "x.arrow", KeyGroupRange.of(0, 128), 0, 0))),
                "beyond max-parallelism");
        expectIllegal(() -> manifest(List.of(COUNTS, COUNTS), List.of()), "declared twice");
    }

    @Test
    public void subtaskSnapshotRejectsFilesOutsideItsRange() {
        KeyGroupRange range = KeyGroupRange.of(0, 63);
        expectIllegal(
                () -> new KeyedStateSnapshot(
                        0,
                        range,
                        "memory",
                        "1.0.0",
                        List.of(COUNTS),
                        List.of(),
                        List.of(new StateFile(
                                StateFile.Kind.STATE, "counts", "x.arrow", KeyGroupRange.of(0, 64), 0, 0))),
                "outside subtask 0");
    }

    @Test
    public void restoreRequiresSameMaxParallelismAndKnownFormat() {
        OperatorStateManifest manifest = twoSubtasks();
        manifest.checkRestorable(128);
        try {
            manifest.checkRestorable(256);
            fail("max-parallelism change must be incompatible");
        } catch (IncompatibleStateException expected) {
            assertTrue(expected.getMessage().contains("max-parallelism 128"));
        }
        OperatorStateManifest future = new OperatorStateManifest(
                2, "acme", "job", "op", 1, false, NOW, "memory", "9", 128, 2, List.of(), List.of(), List.of());
        try {
            future.checkRestorable(128);
            fail("a newer format version must be rejected");
        } catch (IncompatibleStateException expected) {
            assertTrue(expected.getMessage().contains("format version 2"));
        }
    }

    private static OperatorStateManifest manifest(List<StateDescriptor> states, List<StateFile> files) {
        return new OperatorStateManifest(
                1, "acme", "job", "op", 1, true, NOW, "memory", "1", 128, 1, states, List.of(), files);
    }

    private static void expectIllegal(Runnable call, String messagePart) {
        try {
            call.run();
            fail("expected IllegalArgumentException containing '" + messagePart + "'");
        } catch (IllegalArgumentException expected) {
            assertTrue(
                    expected.getMessage() + " should contain " + messagePart,
                    expected.getMessage().contains(messagePart));
        }
    }
}
