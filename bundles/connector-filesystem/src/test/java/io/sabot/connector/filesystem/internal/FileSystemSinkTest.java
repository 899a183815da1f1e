package io.sabot.connector.filesystem.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.Committer;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.plugin.PluginException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The exactly-once sink: part files, two-phase commit, rolling, recovery. */
public class FileSystemSinkTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path directory() {
        return folder.getRoot().toPath().resolve("out");
    }

    private TableContext table(int parallelism, String... more) {
        List<String> options = new ArrayList<>(List.of("path", directory().toString(), "format", "csv"));
        options.addAll(List.of(more));
        return TestRuntime.table(TestFormat.SCHEMA, parallelism, options.toArray(new String[0]));
    }

    /** Writes rows {@code from} to {@code to - 1} as one batch. */
    private static void write(TestRuntime runtime, SinkWriter<PendingFile> writer, long from, long to)
            throws Exception {
        try (VectorSchemaRoot batch = VectorSchemaRoot.create(TestFormat.SCHEMA, runtime.allocator)) {
            BigIntVector ids = (BigIntVector) batch.getVector(0);
            VarCharVector names = (VarCharVector) batch.getVector(1);
            int row = 0;
            for (long id = from; id < to; id++, row++) {
                ids.setSafe(row, id);
                names.setSafe(row, ("name-" + id).getBytes(StandardCharsets.UTF_8));
            }
            batch.setRowCount(row);
            writer.write(batch);
        }
    }

    /** Visible files (what readers see), by name. */
    private List<String> visible() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private List<String> hidden() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The ids in the visible files, in file order. */
    private List<Long> visibleIds() throws IOException {
        List<Long> ids = new ArrayList<>();
        for (String name : visible()) {
            for (String line : Files.readAllLines(directory().resolve(name))) {
                ids.add(Long.parseLong(line.substring(0, line.indexOf(','))));
            }
        }
        return ids;
    }

    private static List<Long> range(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long id = from; id < to; id++) {
            ids.add(id);
        }
        return ids;
    }

    @Test
    public void partFilesBecomeVisibleOnlyWhenTheirCheckpointCommits() throws Exception {
        TableContext table = table(1);
        FileSink sink = TestRuntime.sink(table);
        assertEquals(ChangelogMode.INSERT_ONLY, sink.changelogMode());
        try (TestRuntime runtime = new TestRuntime();
                Committer<PendingFile> committer = sink.createCommitter().orElseThrow()) {
            SinkWriter<PendingFile> writer = sink.createWriter(runtime.writerContext(table, 0, -1));
            write(runtime, writer, 0, 100);
            write(runtime, writer, 100, 150);
            assertEquals(List.of(), visible());
            assertEquals(1, hidden().size());
            assertTrue(hidden().get(0), hidden().get(0).matches("\\.part-[0-9a-f-]{36}-0-0\\.inprogress"));

            List<PendingFile> committables = writer.prepareCommit(1);
            assertEquals(1, committables.size());
            PendingFile pending = committables.get(0);
            assertEquals(1, pending.checkpointId());
            assertEquals(Files.size(pending.pendingPath()), pending.size());
            assertTrue(
                    pending.pendingName(),
                    pending.pendingName().matches("\\.part-[0-9a-f-]{36}-0-0\\.csv\\.1\\.pending"));
            assertTrue(pending.visibleName(), pending.visibleName().matches("part-[0-9a-f-]{36}-0-0\\.csv"));
            assertEquals(List.of(), visible());
            assertEquals(List.of(), FileSource.listFiles(directory())); // the source sees nothing yet

            // nothing written since: no empty part file
            assertEquals(List.of(), writer.prepareCommit(2));

            // the committable goes through a checkpoint
            byte[] stored = sink.committableSerializer().serialize(pending);
            PendingFile restored = sink.committableSerializer().deserialize(1, stored);
            assertEquals(pending, restored);
            committer.commit(List.of(restored));
            assertEquals(List.of(pending.visibleName()), visible());
            assertEquals(List.of(), hidden());
            assertEquals(range(0, 150), visibleIds());
            assertEquals("0,name-0", Files.readAllLines(pending.visiblePath()).get(0));
            assertEquals(List.of(pending.visiblePath().toString()), FileSource.listFiles(directory()));

            // committing again, as after a crash, is a success and changes nothing
            committer.commit(List.of(pending));
            committer.commit(List.of(restored));
            assertEquals(range(0, 150), visibleIds());

            write(runtime, writer, 150, 160);
            List<PendingFile> second = writer.prepareCommit(3);
            committer.commit(second);
            assertEquals(range(0, 160), visibleIds());
            assertEquals(2, visible().size());
            writer.close();
        }
    }

    @Test
    public void abortDeletesThePendingFiles() throws Exception {
        TableContext table = table(1);
        FileSink sink = TestRuntime.sink(table);
        try (TestRuntime runtime = new TestRuntime()) {
            Committer<PendingFile> committer = sink.createCommitter().orElseThrow();
            SinkWriter<PendingFile> writer = sink.createWriter(runtime.writerContext(table, 0, -1));
            write(runtime, writer, 0, 10);
            List<PendingFile> committables = writer.prepareCommit(1);
            assertEquals(1, hidden().size());
            committer.abort(committables);
            committer.abort(committables); // idempotent too
            assertEquals(List.of(), hidden());
            assertEquals(List.of(), visible());
            PluginException e = assertThrows(PluginException.class, () -> committer.commit(committables));
            assertTrue(e.getMessage(), e.getMessage().contains("is gone (aborted or deleted by hand)"));
            writer.close();
        }
    }

    @Test
    public void aRestoredWriterDeletesWhatItsSubtaskLeftBehindAfterTheCheckpoint() throws Exception {
        TableContext table = table(2);
        FileSink sink = TestRuntime.sink(table);
        try (TestRuntime runtime = new TestRuntime()) {
            Committer<PendingFile> committer = sink.createCommitter().orElseThrow();
            SinkWriter<PendingFile> zero = sink.createWriter(runtime.writerContext(table, 0, -1));
            SinkWriter<PendingFile> one = sink.createWriter(runtime.writerContext(table, 1, -1));
            write(runtime, zero, 0, 10);
            write(runtime, one, 1000, 1010);
            List<PendingFile> checkpoint5 = new ArrayList<>(zero.prepareCommit(5));
            checkpoint5.addAll(one.prepareCommit(5));
            write(runtime, zero, 10, 20);
            List<PendingFile> checkpoint6 = zero.prepareCommit(6); // checkpoint 6 never completes
            write(runtime, zero, 20, 30); // in progress when the job dies
            write(runtime, one, 1010, 1020); // subtask 1's in-progress part
            assertEquals(5, hidden().size()); // two pending of 5, one of 6, two in progress
            assertEquals(1, checkpoint6.size());

            // the job restarts from checkpoint 5: subtask 0 comes back first
            SinkWriter<PendingFile> zeroAgain = sink.createWriter(runtime.writerContext(table, 0, 5));
            List<String> left = hidden();
            assertEquals(left.toString(), 3, left.size());
            assertTrue(left.toString(), left.stream().anyMatch(n -> n.matches("\\.part-.*-1-1\\.inprogress")));
            assertEquals(
                    left.toString(),
                    2,
                    left.stream().filter(n -> n.endsWith(".csv.5.pending")).count());
            committer.commit(checkpoint5); // the restored checkpoint's committables are committed again
            List<Long> committed = visibleIds();
            committed.sort(null);
            List<Long> expectedCommitted = range(0, 10);
            expectedCommitted.addAll(range(1000, 1010));
            assertEquals(expectedCommitted, committed);

            // at parallelism 1, subtask 0 also cleans up after subtask 1
            TableContext smaller = table(1);
            SinkWriter<PendingFile> alone =
                    TestRuntime.sink(smaller).createWriter(runtime.writerContext(smaller, 0, 5));
            assertEquals(List.of(), hidden());
            write(runtime, alone, 10, 30);
            committer.commit(alone.prepareCommit(6));
            List<Long> ids = visibleIds();
            ids.sort(null);
            List<Long> expected = range(0, 30);
            expected.addAll(range(1000, 1010));
            assertEquals(expected, ids);
            zeroAgain.close();
            alone.close();
        }
    }

    @Test
    public void partsRollBySizeAndByAge() throws Exception {
        TableContext bySize = table(1, "sink.rolling-policy.file-size", "90 b");
        FileSink sink = TestRuntime.sink(bySize);
        try (TestRuntime runtime = new TestRuntime()) {
            Committer<PendingFile> committer = sink.createCommitter().orElseThrow();
            SinkWriter<PendingFile> writer = sink.createWriter(runtime.writerContext(bySize, 0, -1));
            for (int batch = 0; batch < 5; batch++) {
                write(runtime, writer, batch * 10, batch * 10 + 10); // 90 bytes and more each: every batch rolls
            }
            assertEquals(5, hidden().size());
            List<PendingFile> committables = writer.prepareCommit(1);
            assertEquals(5, committables.size());
            committer.commit(committables);
            assertEquals(range(0, 50), visibleIds());
            writer.close();
        }
        TableContext byAge =
                // 2 s, not a few ms: the first two writes must fall inside one interval also on a loaded machine
                table(1, "sink.rolling-policy.rollover-interval", "2 s", "path", folder.getRoot() + "/aged");
        try (TestRuntime runtime = new TestRuntime()) {
            FileSink aged = TestRuntime.sink(byAge);
            SinkWriter<PendingFile> writer = aged.createWriter(runtime.writerContext(byAge, 0, -1));
            write(runtime, writer, 0, 10);
            write(runtime, writer, 10, 20);
            Thread.sleep(2_100);
            write(runtime, writer, 20, 30); // the part is old now: rolled after this batch
            write(runtime, writer, 30, 40);
            List<PendingFile> committables = writer.prepareCommit(1);
            assertEquals(2, committables.size());
            assertTrue(committables.get(0).size() > committables.get(1).size());
            writer.close();
        }
    }

    @Test
    public void withoutCheckpointsTheEndOfInputCommitsEverything() throws Exception {
        TableContext table = table(1);
        FileSink sink = TestRuntime.sink(table);
        try (TestRuntime runtime = new TestRuntime()) {
            SinkWriter<PendingFile> writer = sink.createWriter(runtime.writerContext(table, 0, -1));
            write(runtime, writer, 0, 42);
            writer.endOfInput();
            sink.createCommitter().orElseThrow().commit(writer.prepareCommit(Long.MAX_VALUE));
            writer.close();
            assertEquals(range(0, 42), visibleIds());
            assertEquals(List.of(), hidden());
        }
    }

    @Test
    public void closingDiscardsWhatWasNotPreCommitted() throws Exception {
        TableContext table = table(1, "sink.rolling-policy.file-size", "50 b");
        FileSink sink = TestRuntime.sink(table);
        try (TestRuntime runtime = new TestRuntime()) {
            SinkWriter<PendingFile> writer = sink.createWriter(runtime.writerContext(table, 0, -1));
            write(runtime, writer, 0, 10);
            List<PendingFile> kept = writer.prepareCommit(1);
            write(runtime, writer, 10, 20); // rolled: closed, not pre-committed
            write(runtime, writer, 20, 21); // in progress
            assertEquals(3, hidden().size());
            writer.close();
            assertEquals(List.of(kept.get(0).pendingName()), hidden());
        }
    }

    @Test
    public void writtenFilesReadBackThroughTheSource() throws Exception {
        TableContext table = table(2);
        FileSink sink = TestRuntime.sink(table);
        try (TestRuntime runtime = new TestRuntime()) {
            Committer<PendingFile> committer = sink.createCommitter().orElseThrow();
            SinkWriter<PendingFile> zero = sink.createWriter(runtime.writerContext(table, 0, -1));
            SinkWriter<PendingFile> one = sink.createWriter(runtime.writerContext(table, 1, -1));
            write(runtime, zero, 0, 500);
            write(runtime, one, 500, 1000);
            List<PendingFile> committables = new ArrayList<>(zero.prepareCommit(1));
            committables.addAll(one.prepareCommit(1));
            committer.commit(committables);
            zero.close();
            one.close();

            FileSource source = TestRuntime.source(table);
            TestRuntime.Subtask reader = runtime.reader(source, table, 0, 64);
            runtime.startEnumerator(source, 1);
            runtime.runToEnd(List.of(reader));
            List<Long> ids = new ArrayList<>();
            for (List<Object> row : reader.output.rows) {
                ids.add((Long) row.get(0));
                assertEquals("name-" + row.get(0), row.get(1));
            }
            ids.sort(null);
            assertEquals(range(0, 1000), ids);
        }
    }

    /** SinkWriter's retry contract: a retriable failure leaves nothing of the batch behind, so repeating it is safe. */
    @Test
    public void aPartFileThatCannotBeCreatedIsARetriableFailureAndTheRepeatedWriteLandsOnce() throws Exception {
        TableContext table = table(1);
        FileSink sink = TestRuntime.sink(table);
        try (TestRuntime runtime = new TestRuntime();
                Committer<PendingFile> committer = sink.createCommitter().orElseThrow()) {
            SinkWriter<PendingFile> writer = sink.createWriter(runtime.writerContext(table, 0, -1));
            write(runtime, writer, 0, 10);
            List<PendingFile> committables = new ArrayList<>(writer.prepareCommit(1));
            Path moved = folder.getRoot().toPath().resolve("moved");
            Files.move(directory(), moved); // the target vanishes (an unmounted share)
            PluginException e = assertThrows(PluginException.class, () -> write(runtime, writer, 10, 20));
            assertTrue(e.getMessage(), e.getMessage().startsWith("table 't': cannot create a part file in '"));
            assertTrue(e.isRetriable());
            Files.move(moved, directory()); // and comes back
            write(runtime, writer, 10, 20);
            committables.addAll(writer.prepareCommit(2));
            committer.commit(committables);
            writer.close();
            assertEquals(range(0, 20), visibleIds());
        }
    }

    @Test
    public void theSinkPathMustBeADirectory() throws Exception {
        Path file = folder.newFile("taken.csv").toPath();
        TableContext table = TestRuntime.table(TestFormat.SCHEMA, 1, "path", file.toString(), "format", "csv");
        PluginException e = assertThrows(PluginException.class, () -> TestRuntime.sink(table));
        assertEquals(
                "table 't': option 'path' of a filesystem sink must name a directory, and '" + file + "' is a file",
                e.getMessage());
        assertFalse(e.isRetriable());
    }

    @Test
    public void hiddenPartNamesParse() {
        String uuid = "123e4567-e89b-12d3-a456-426614174000";
        assertEquals(
                new PartFiles.Hidden(uuid, 3, 17, PartFiles.Kind.IN_PROGRESS, -1),
                PartFiles.parse(PartFiles.inProgress(uuid, 3, 17)));
        assertEquals(
                new PartFiles.Hidden(uuid, 0, 2, PartFiles.Kind.PENDING, 99),
                PartFiles.parse(PartFiles.pending(uuid, 0, 2, "debezium-json", 99)));
        assertEquals(null, PartFiles.parse(PartFiles.visible(uuid, 0, 2, "csv")));
        assertEquals(null, PartFiles.parse(".part-nonsense"));
        assertEquals(null, PartFiles.parse(".hidden.csv"));
    }
}
