package io.sabot.connector.filesystem.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.source.Boundedness;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.PluginException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The source end to end, as the runtime drives it: enumerator, readers, batches, checkpoints. */
public class FileSystemSourceTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path write(String relative, String content) throws IOException {
        Path file = folder.getRoot().toPath().resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static List<Object> row(long id, String name) {
        List<Object> row = new ArrayList<>();
        row.add(id);
        row.add(name);
        return row;
    }

    private TableContext table(int parallelism, String... more) {
        List<String> options = new ArrayList<>(List.of("path", folder.getRoot().toString(), "format", "test"));
        options.addAll(List.of(more));
        return TestRuntime.table(TestFormat.SCHEMA, parallelism, options.toArray(new String[0]));
    }

    /** Reads the whole table at the given parallelism; the rows of each subtask. */
    private List<TestRuntime.Subtask> readAll(TableContext table, int batchSize) throws Exception {
        try (TestRuntime runtime = new TestRuntime()) {
            FileSource source = TestRuntime.source(table);
            List<TestRuntime.Subtask> subtasks = new ArrayList<>();
            for (int i = 0; i < table.parallelism(); i++) {
                subtasks.add(runtime.reader(source, table, i, batchSize));
            }
            runtime.startEnumerator(source, table.parallelism());
            runtime.runToEnd(subtasks);
            for (TestRuntime.Subtask s : subtasks) {
                assertEquals(InputStatus.END_OF_INPUT, s.reader.pollNext(s.output));
            }
            return subtasks;
        }
    }

    @Test
    public void readsEveryVisibleFileInPathOrderWithEitherLineTerminator() throws Exception {
        write("b.csv", "3,c\r\n4,d\r\n");
        write("a.csv", "1,a\n2,b"); // no terminator on the last line
        write("empty.csv", "");
        write("sub/c.csv", "5,e\n6,f\r\n7,\r\n");
        write(".hidden.csv", "98,hidden\n");
        write("_SUCCESS", "");
        write("_temporary/d.csv", "99,temporary\n");
        write(".part-123.inprogress", "97,in progress\n");

        TestRuntime.Subtask only = readAll(table(1), 2).get(0);
        assertEquals(
                List.of(row(1, "a"), row(2, "b"), row(3, "c"), row(4, "d"), row(5, "e"), row(6, "f"), row(7, null)),
                only.output.rows);
        Path root = folder.getRoot().toPath();
        assertEquals(
                List.of(
                        root.resolve("a.csv").toString(),
                        root.resolve("b.csv").toString(),
                        root.resolve("sub/c.csv").toString()),
                only.output.splitIds.stream().distinct().collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of(), only.failures);
    }

    @Test
    public void linesAcrossChunksLongLinesAndMillionsOfBytes() throws Exception {
        StringBuilder content = new StringBuilder();
        Random random = new Random(3);
        int lines = 120_000;
        int longLine = 77_777;
        String huge = "x".repeat(5 * FileReader.CHUNK / 2); // longer than the reader's buffer
        for (int i = 0; i < lines; i++) {
            String name = i == longLine ? huge : "name-" + i + "-" + "y".repeat(random.nextInt(60));
            content.append(i).append(',').append(name).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
        }
        write("big.csv", content.toString());

        TestRuntime.Subtask only = readAll(table(1), 1000).get(0);
        List<List<Object>> rows = only.output.rows;
        assertEquals(lines, rows.size());
        for (int i = 0; i < lines; i++) {
            assertEquals((long) i, rows.get(i).get(0));
        }
        assertEquals(huge, rows.get(longLine).get(1));
        assertTrue(((String) rows.get(5).get(1)).startsWith("name-5-"));
        assertFalse(((String) rows.get(5).get(1)).endsWith("\r"));
    }

    @Test
    public void twoReadersShareTheFilesWithoutDuplicates() throws Exception {
        Set<List<Object>> expected = new HashSet<>();
        for (int f = 0; f < 7; f++) {
            StringBuilder content = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                long id = f * 1000L + i;
                content.append(id).append(",n").append(id).append('\n');
                expected.add(row(id, "n" + id));
            }
            write("part-" + f + ".csv", content.toString());
        }
        List<TestRuntime.Subtask> subtasks = readAll(table(2), 33);
        List<List<Object>> all = new ArrayList<>();
        for (TestRuntime.Subtask s : subtasks) {
            assertFalse("subtask " + s.index + " read something", s.output.rows.isEmpty());
            all.addAll(s.output.rows);
        }
        assertEquals(700, all.size());
        assertEquals(expected, new HashSet<>(all));
    }

    @Test
    public void aRestoredReaderContinuesRightAfterTheLastEmittedBatch() throws Exception {
        for (int f = 0; f < 3; f++) {
            StringBuilder content = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                content.append(f * 10_000 + i).append(",v").append(i).append(i % 3 == 0 ? "\r\n" : "\n");
            }
            write("f" + f + ".csv", content.toString());
        }
        TableContext table = table(1);
        List<List<Object>> full = readAll(table, 128).get(0).output.rows;
        assertEquals(15_000, full.size());

        try (TestRuntime runtime = new TestRuntime()) {
            FileSource source = TestRuntime.source(table);
            TestRuntime.Subtask failing = runtime.reader(source, table, 0, 128);
            var enumerator = runtime.startEnumerator(source, 1);
            // read into the second file, then checkpoint
            runtime.run(List.of(failing), () -> failing.output.rows.size() >= 7_000, 30_000);
            List<List<Object>> beforeCheckpoint = new ArrayList<>(failing.output.rows);
            List<FileSplit> readerState = failing.reader.snapshotState(42);
            FileEnumeratorState enumeratorState = enumerator.snapshotState(42);
            List<String> files = FileSource.listFiles(source.root());
            assertEquals(new FileEnumeratorState(List.of(FileSplit.of(files.get(2))), files, true), enumeratorState);
            assertEquals(1, readerState.size());
            FileSplit position = readerState.get(0);
            assertTrue(position.path().endsWith("f1.csv"));
            assertEquals(beforeCheckpoint.size() - 5000 + 1, position.line());

            List<byte[]> storedSplits = new ArrayList<>();
            for (FileSplit split : readerState) {
                storedSplits.add(source.splitSerializer().serialize(split));
            }
            byte[] storedEnumerator = source.enumeratorStateSerializer().serialize(enumeratorState);
            // rows after the checkpoint die with the reader
            runtime.run(List.of(failing), () -> failing.output.rows.size() >= 9_000, 30_000);
            failing.reader.close();

            FileSource restoredSource = TestRuntime.source(table);
            List<FileSplit> restoredSplits = new ArrayList<>();
            for (byte[] bytes : storedSplits) {
                restoredSplits.add(restoredSource.splitSerializer().deserialize(1, bytes));
            }
            assertEquals(readerState, restoredSplits);
            FileEnumeratorState restoredEnumeratorState =
                    restoredSource.enumeratorStateSerializer().deserialize(1, storedEnumerator);
            assertEquals(enumeratorState, restoredEnumeratorState);
            TestRuntime.Subtask restored = runtime.reader(restoredSource, table, 0, 100);
            runtime.restoreEnumerator(restoredSource, 1, restoredEnumeratorState);
            restored.reader.addSplits(restoredSplits);
            runtime.runToEnd(List.of(restored));

            List<List<Object>> union = new ArrayList<>(beforeCheckpoint);
            union.addAll(restored.output.rows);
            assertEquals(full, union);
        }
    }

    @Test
    public void malformedLinesAreReportedWithFileAndLineAndReadingGoesOn() throws Exception {
        Path file = write("data.csv", "1,a\n2,b\n3,c\nx,bad\n5,e\n6,f,extra\n7,g\n");
        TestRuntime.Subtask only = readAll(table(1), 100).get(0);
        assertEquals(List.of(row(1, "a"), row(2, "b"), row(3, "c"), row(5, "e"), row(7, "g")), only.output.rows);
        assertEquals(
                List.of("table 't', file '" + file + "': 2 lines did not decode: line 4: column 'id' (field 1): "
                        + "expected an integer, got 'x'; line 6: expected 2 fields, found 3"),
                only.failures);
    }

    @Test
    public void lineNumbersStayRightAcrossRestoresAndSkippedHeaders() throws Exception {
        StringBuilder content = new StringBuilder("\uFEFFid,name\n");
        for (int i = 1; i <= 300; i++) {
            content.append(i == 250 ? "oops" : i).append(",n").append(i).append('\n');
        }
        Path file = write("data.csv", content.toString());
        TableContext table = table(1, "source.skip-first-line", "true");
        try (TestRuntime runtime = new TestRuntime()) {
            FileSource source = TestRuntime.source(table);
            TestRuntime.Subtask first = runtime.reader(source, table, 0, 50);
            runtime.startEnumerator(source, 1);
            runtime.run(List.of(first), () -> first.output.rows.size() >= 100, 10_000);
            assertEquals(row(1, "n1"), first.output.rows.get(0)); // neither the mark nor the header is a row
            List<FileSplit> state = first.reader.snapshotState(1);
            assertEquals(List.of(new FileSplit(file.toString(), 3 + 8 + bytes(1, 100), 102)), state);
            first.reader.close();

            TestRuntime.Subtask second = runtime.reader(source, table, 0, 50);
            second.reader.addSplits(state);
            runtime.runToEnd(List.of(second));
            assertEquals(199, second.output.rows.size());
            assertEquals(row(101, "n101"), second.output.rows.get(0));
            assertEquals(1, second.failures.size());
            assertTrue(second.failures.get(0), second.failures.get(0).contains(": line 251: column 'id'"));
        }
    }

    /** Bytes of lines "i,ni\n" for i in [from, to]. */
    private static long bytes(int from, int to) {
        long total = 0;
        for (int i = from; i <= to; i++) {
            total += (i + ",n" + i + "\n").length();
        }
        return total;
    }

    @Test
    public void monitoringPicksUpNewFilesAndNeverEnds() throws Exception {
        write("a.csv", "1,a\n2,b\n");
        TableContext table = table(1, "source.monitor-interval", "50 ms");
        try (TestRuntime runtime = new TestRuntime()) {
            FileSource source = TestRuntime.source(table);
            assertEquals(Boundedness.CONTINUOUS_UNBOUNDED, source.boundedness());
            TestRuntime.Subtask reader = runtime.reader(source, table, 0, 10);
            var enumerator = runtime.startEnumerator(source, 1);
            assertTrue(runtime.run(List.of(reader), () -> reader.output.rows.size() == 2, 10_000));

            // a new file appears as writers should make it appear: written hidden, then renamed
            Path hidden = write(".b.csv.tmp", "3,c\n4,d\n");
            Files.move(hidden, hidden.resolveSibling("b.csv"), StandardCopyOption.ATOMIC_MOVE);
            assertTrue(runtime.run(List.of(reader), () -> reader.output.rows.size() == 4, 10_000));
            assertEquals(List.of(row(1, "a"), row(2, "b"), row(3, "c"), row(4, "d")), reader.output.rows);

            // files already seen are not read again, neither now nor after a restore
            runtime.run(List.of(reader), () -> false, 300);
            assertFalse(reader.ended);
            assertEquals(4, reader.output.rows.size());
            FileEnumeratorState state = enumerator.snapshotState(7);
            assertEquals(2, state.seen().size());
            assertEquals(List.of(), state.unassigned());
            TestRuntime.Subtask afterRestore = runtime.reader(source, table, 0, 10);
            runtime.restoreEnumerator(source, 1, state);
            write("c.csv", "5,e\n");
            assertTrue(runtime.run(List.of(afterRestore), () -> afterRestore.output.rows.size() == 1, 10_000));
            runtime.run(List.of(afterRestore), () -> false, 300);
            assertEquals(List.of(row(5, "e")), afterRestore.output.rows);
        }
    }

    @Test
    public void aSingleFileAFileUriOrAMissingPath() throws Exception {
        Path file = write("one.csv", "1,a\n");
        write("other.csv", "2,b\n");
        TableContext single = TestRuntime.table(TestFormat.SCHEMA, 1, "path", file.toString(), "format", "test");
        assertEquals(List.of(row(1, "a")), readAll(single, 10).get(0).output.rows);
        TableContext uri =
                TestRuntime.table(TestFormat.SCHEMA, 1, "path", file.toUri().toString(), "format", "test");
        assertTrue(uri.options().get(FileSystemOptions.PATH).startsWith("file:"));
        assertEquals(List.of(row(1, "a")), readAll(uri, 10).get(0).output.rows);

        TableContext missing =
                TestRuntime.table(TestFormat.SCHEMA, 1, "path", folder.getRoot() + "/nowhere", "format", "test");
        PluginException e = assertThrows(PluginException.class, () -> readAll(missing, 10));
        assertEquals(
                "table 't': cannot list files under '" + folder.getRoot() + "/nowhere': no such file or directory",
                e.getMessage());
        assertFalse(e.isRetriable());

        TableContext remote = TestRuntime.table(TestFormat.SCHEMA, 1, "path", "s3://bucket/data", "format", "test");
        assertEquals(
                List.of(new OptionError(
                        "path",
                        OptionError.Kind.INVALID,
                        "option 'path': only local files are supported (a path or a file:// URI), not 's3://'")),
                TestRuntime.FACTORY.validateForTable(TestFormat.SCHEMA, remote.options()));
        assertThrows(PluginException.class, () -> TestRuntime.source(remote));
    }

    @Test
    public void aVanishedFileIsAnError() throws Exception {
        Path file = write("gone.csv", "1,a\n");
        TableContext table = table(1);
        try (TestRuntime runtime = new TestRuntime()) {
            FileSource source = TestRuntime.source(table);
            TestRuntime.Subtask reader = runtime.reader(source, table, 0, 10);
            Files.delete(file);
            reader.reader.addSplits(List.of(FileSplit.of(file.toString())));
            PluginException e = assertThrows(PluginException.class, () -> reader.reader.pollNext(reader.output));
            assertEquals("table 't': file '" + file + "' vanished before it was read", e.getMessage());
        }
    }

    @Test
    public void pollNextReturnsPromptlyAndWaitsOnFutures() throws Exception {
        write("a.csv", "1,a\n");
        TableContext table = table(1);
        try (TestRuntime runtime = new TestRuntime()) {
            FileSource source = TestRuntime.source(table);
            TestRuntime.Subtask s = runtime.reader(source, table, 0, 10);
            SourceReader<FileSplit> reader = s.reader;
            // no split yet: nothing available, and a split request went out
            assertEquals(InputStatus.NOTHING_AVAILABLE, reader.pollNext(s.output));
            assertFalse(reader.isAvailable().isDone());
            assertEquals(1, runtime.mailbox.size());
            reader.addSplits(List.of(
                    FileSplit.of(folder.getRoot().toPath().resolve("a.csv").toString())));
            assertTrue(reader.isAvailable().isDone());
            reader.notifyNoMoreSplits();
            runtime.mailbox.clear();
            List<InputStatus> statuses = new ArrayList<>();
            for (int i = 0; i < 1000 && !s.ended; i++) {
                reader.isAvailable().get(5, java.util.concurrent.TimeUnit.SECONDS);
                InputStatus status = reader.pollNext(s.output);
                statuses.add(status);
                s.ended = status == InputStatus.END_OF_INPUT;
            }
            assertTrue(statuses.toString(), s.ended);
            assertEquals(List.of(row(1, "a")), s.output.rows);
            assertEquals(List.of(), reader.snapshotState(3));
        }
    }

    @Test
    public void splitAndEnumeratorSerializersAreVersioned() throws Exception {
        FileSplit split = new FileSplit("/data/ünï.csv", 123_456_789_012L, 42);
        assertEquals(split, FileSerializers.SPLIT.deserialize(1, FileSerializers.SPLIT.serialize(split)));
        IOException e = assertThrows(
                IOException.class, () -> FileSerializers.SPLIT.deserialize(2, FileSerializers.SPLIT.serialize(split)));
        assertEquals(
                "cannot read filesystem split serialized with version 2: this bundle reads version 1", e.getMessage());
        FileEnumeratorState state =
                new FileEnumeratorState(List.of(split, FileSplit.of("/b")), List.of("/a", "/b"), true);
        assertEquals(
                state,
                FileSerializers.ENUMERATOR_STATE.deserialize(1, FileSerializers.ENUMERATOR_STATE.serialize(state)));
        byte[] truncated = java.util.Arrays.copyOf(FileSerializers.ENUMERATOR_STATE.serialize(state), 20);
        assertThrows(IOException.class, () -> FileSerializers.ENUMERATOR_STATE.deserialize(1, truncated));
    }
}
