package io.sabot.runtime.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.engine.Checkpoints;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Jobs whose keyed state lives in the {@code rocksdb} backend: stopped mid-run on one backend and restored on the
 * other (and at another parallelism), their output equals an undisturbed run's; their checkpoints have the same
 * canonical layout as the heap's.
 */
public class StateBackendRestoreTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static final String ROCKSDB = "SET 'state.backend.type' = 'rocksdb';\n";
    private static final String MEMORY = "SET 'state.backend.type' = 'memory';\n";
    /** The memory bundle's SPI implementation instead of the operators' own heap tables. */
    private static final String MEMORY_SPI = MEMORY + "SET 'state.backend.memory.operator-tables' = 'false';\n";
    /** Incremental checkpoints; retained, so that the one restored from can be inspected afterwards. */
    private static final String INCREMENTAL = ROCKSDB + "SET 'state.backend.incremental' = 'true';\n"
            + "SET 'state.checkpoints.num-retained' = '1000';\n";

    private StreamingSqlExecutor executor(int parallelism) {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .plugins(List.of(
                        new NexmarkSourceFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new RocksDbStateBackendFactory()))
                .build();
    }

    private static String settings(Path checkpoints, String job) {
        return "SET 'execution.checkpointing.interval' = '100 ms';\n"
                + "SET 'state.checkpoints.dir' = '" + checkpoints.toUri() + "';\n"
                + "SET 'pipeline.name' = '" + job + "';\n";
    }

    /** The window aggregate's committed output, undisturbed, on the given backend. */
    private List<String> reference(long events, String backend, int parallelism) throws Exception {
        return reference(CheckpointRestoreTest.DDL, CheckpointRestoreTest.INSERT, events, backend, parallelism);
    }

    /** The committed output of {@code insert} over {@code ddl}, undisturbed, on the given backend. */
    private List<String> reference(String ddl, String insert, long events, String backend, int parallelism)
            throws Exception {
        Path out = temp.newFolder().toPath();
        try (StreamingSqlExecutor executor = executor(parallelism)) {
            executor.executeDdl(ddl.formatted(events, "true", out.toUri()) + backend);
            try (QueryResult result = executor.executeStreamingSql(insert)) {
                result.awaitTermination();
            }
        }
        return CheckpointRestoreTest.committedRows(out);
    }

    /**
     * Runs the window aggregate on {@code before} until a checkpoint with committed output exists, cancels it, and
     * restores it on {@code after}: the committed output equals an undisturbed heap run's.
     */
    private Path windowStopAndRestore(String before, int p1, String after, int p2) throws Exception {
        return stopAndRestore(CheckpointRestoreTest.DDL, CheckpointRestoreTest.INSERT, before, p1, after, p2);
    }

    /**
     * Runs {@code insert} over {@code ddl} on {@code before} until a checkpoint with committed output exists, cancels
     * it, and restores it on {@code after}: the committed output equals an undisturbed heap run's.
     */
    private Path stopAndRestore(String ddl, String insert, String before, int p1, String after, int p2)
            throws Exception {
        long events = 40_000;
        List<String> want = reference(ddl, insert, events, MEMORY, 1);
        assertFalse(want.isEmpty());
        Path out = temp.newFolder("out").toPath();
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        Path jobDir = checkpoints.resolve("bids-per-second");
        try (StreamingSqlExecutor executor = executor(p1)) {
            executor.executeDdl(
                    ddl.formatted(events, "false", out.toUri()) + settings(checkpoints, "bids-per-second") + before);
            QueryResult result = executor.executeStreamingSql(insert);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Checkpoints.completed(jobDir).isEmpty()
                    || CheckpointRestoreTest.committedRows(out).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint completed with committed output within 30 s");
                }
                Thread.sleep(20);
            }
            result.cancel();
            result.awaitTermination();
            result.close();
        }
        assertTrue(
                "the stopped run committed part of the output",
                CheckpointRestoreTest.committedRows(out).size() < want.size());
        Path restoredFrom = Checkpoints.latest(jobDir, s -> {}).orElseThrow();
        assertEquals(backendName(before), writtenBy(restoredFrom));
        try (StreamingSqlExecutor executor = executor(p2)) {
            executor.executeDdl(ddl.formatted(events, "true", out.toUri())
                    + settings(checkpoints, "bids-per-second") + after
                    + "SET 'execution.savepoint.path' = 'latest';\n");
            try (QueryResult result = executor.executeStreamingSql(insert)) {
                result.awaitTermination();
            }
        }
        assertEquals(want, CheckpointRestoreTest.committedRows(out));
        return restoredFrom;
    }

    @Test
    public void windowAggregateFromMemoryRestoresOnRocksdb() throws Exception {
        windowStopAndRestore(MEMORY, 1, ROCKSDB, 1);
    }

    @Test
    public void windowAggregateFromRocksdbRestoresOnMemory() throws Exception {
        windowStopAndRestore(ROCKSDB, 1, MEMORY, 1);
    }

    @Test
    public void windowAggregateFromRocksdbRestoresOnRocksdbAtAnotherParallelism() throws Exception {
        windowStopAndRestore(ROCKSDB, 2, ROCKSDB, 1);
    }

    @Test
    public void windowAggregateFromMemoryRestoresOnRocksdbAtAnotherParallelism() throws Exception {
        windowStopAndRestore(MEMORY, 1, ROCKSDB, 2);
    }

    /**
     * A regular join (bids with their auctions) keeps both sides' rows in the backend: checkpointed on one backend and
     * restored on the other at another parallelism, every bid is paired with its auction exactly once, as in an
     * undisturbed run.
     */
    @Test
    public void regularJoinFromMemoryRestoresOnRocksdbAtAnotherParallelism() throws Exception {
        stopAndRestore(CheckpointRestoreTest.JOIN_DDL, CheckpointRestoreTest.JOIN_INSERT, MEMORY, 1, ROCKSDB, 2);
    }

    @Test
    public void regularJoinFromRocksdbRestoresOnMemoryAtAnotherParallelism() throws Exception {
        stopAndRestore(CheckpointRestoreTest.JOIN_DDL, CheckpointRestoreTest.JOIN_INSERT, ROCKSDB, 2, MEMORY, 1);
    }

    /**
     * Incremental checkpoints: the checkpoint restored from refers to RocksDB table files in the job's shared
     * directory (each written once); restored on rocksdb at another parallelism, the output equals the undisturbed
     * run's. The heap cannot read it, and says so when the job starts.
     */
    @Test
    public void incrementalCheckpointRestoresOnRocksdbAndIsRefusedOnTheHeap() throws Exception {
        Path checkpoint = windowStopAndRestore(INCREMENTAL, 1, INCREMENTAL, 2);
        Path jobDir = checkpoint.getParent();
        List<String> shared = new ArrayList<>();
        try (Stream<Path> files = Files.walk(checkpoint)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("manifest.json"))
                    .toList()) {
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
                for (var file : json.get("files")) {
                    assertEquals("NATIVE", file.get("kind").asText());
                    String path = file.get("path").asText();
                    if (path.startsWith("shared/")) {
                        shared.add(path);
                        Path stored = jobDir.resolve("shared")
                                .resolve(f.getParent().getFileName())
                                .resolve(path.substring("shared/".length()));
                        assertTrue("shared file " + stored + " exists", Files.isRegularFile(stored));
                    }
                }
            }
        }
        assertFalse("the checkpoint refers to shared table files", shared.isEmpty());
        Path out = temp.newFolder().toPath();
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(CheckpointRestoreTest.DDL.formatted(1_000, "true", out.toUri()) + MEMORY
                    + "SET 'execution.savepoint.path' = '" + checkpoint + "';\n");
            RuntimeException e = assertThrows(
                    RuntimeException.class, () -> executor.executeStreamingSql(CheckpointRestoreTest.INSERT));
            assertTrue(
                    e.getMessage(),
                    e.getMessage()
                            .contains("incremental checkpoint in the native format of the 'rocksdb' state"
                                    + " backend, and this job runs on 'memory'"));
        }
    }

    /**
     * Shared table files live as long as a retained checkpoint refers to them: after many incremental checkpoints
     * (RocksDB compacts, replacing table files), the shared directory holds exactly the files the retained
     * checkpoint refers to.
     */
    @Test
    public void sharedFilesNoRetainedCheckpointNeedsAreDeleted() throws Exception {
        Path out = temp.newFolder().toPath();
        Path checkpoints = temp.newFolder().toPath();
        Path jobDir = checkpoints.resolve("shared-files");
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(CheckpointRestoreTest.DDL.formatted(40_000, "false", out.toUri())
                    + settings(checkpoints, "shared-files") + ROCKSDB
                    + "SET 'state.backend.incremental' = 'true';\n");
            QueryResult result = executor.executeStreamingSql(CheckpointRestoreTest.INSERT);
            long deadline = System.nanoTime() + 30_000_000_000L;
            // RocksDB flushes a table file per checkpoint and compacts every few: wait for a dozen checkpoints
            while (Checkpoints.completed(jobDir).isEmpty()
                    || Checkpoints.completed(jobDir).get(0) < 12) {
                if (System.nanoTime() > deadline) {
                    fail("fewer than 12 checkpoints within 30 s");
                }
                Thread.sleep(20);
            }
            result.cancel();
            result.awaitTermination();
            result.close();
        }
        java.util.Set<Path> referenced = new java.util.HashSet<>();
        for (long id : Checkpoints.completed(jobDir)) {
            try (Stream<Path> files = Files.walk(jobDir.resolve("chk-" + id))) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("manifest.json"))
                        .toList()) {
                    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
                    for (var file : json.get("files")) {
                        String path = file.get("path").asText();
                        if (path.startsWith("shared/")) {
                            referenced.add(jobDir.resolve("shared")
                                    .resolve(f.getParent().getFileName())
                                    .resolve(path.substring("shared/".length())));
                        }
                    }
                }
            }
        }
        java.util.Set<Path> stored;
        try (Stream<Path> files = Files.walk(jobDir.resolve("shared"))) {
            stored = new java.util.HashSet<>(files.filter(Files::isRegularFile).toList());
        }
        assertFalse(referenced.isEmpty());
        assertEquals(referenced, stored);
    }

    /** An undisturbed run with its windows in rocksdb, at parallelism 2, writes exactly the heap run's output. */
    @Test
    public void windowAggregateOnRocksdbEqualsTheHeap() throws Exception {
        assertEquals(reference(20_000, MEMORY, 1), reference(20_000, ROCKSDB, 2));
    }

    private static final String GROUPS =
            "SELECT auction, COUNT(*) AS bids, MAX(price) AS top FROM bid GROUP BY auction";

    /** Two DISTINCT aggregates: their value sets are MAP states of the checkpoint. */
    private static final String DISTINCT =
            "SELECT auction, COUNT(DISTINCT bidder) AS bidders, SUM(DISTINCT price) AS prices FROM bid GROUP BY auction";

    /** The final (auction -> two aggregates) of an undisturbed heap run of {@code query}. */
    private Map<Long, List<Long>> groupsReference(Path unused, String query) throws Exception {
        Map<Long, List<Long>> expected = new HashMap<>();
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(CheckpointRestoreTest.DDL.formatted(20_000, "true", unused.toUri()) + MEMORY);
            try (QueryResult result = executor.executeStreamingSql(query)) {
                CheckpointRestoreTest.apply(result, expected, null);
            }
        }
        return expected;
    }

    /**
     * The unwindowed aggregate stopped on {@code before} and restored on {@code after}: the restored run updates
     * groups it restored (-U of a value it never emitted), and every group's last value is the undisturbed run's.
     */
    private void groupsStopAndRestore(String before, int p1, String after, int p2) throws Exception {
        groupsStopAndRestore(GROUPS, before, p1, after, p2);
    }

    private void groupsStopAndRestore(String query, String before, int p1, String after, int p2) throws Exception {
        Path checkpoints = temp.newFolder("checkpoints").toPath();
        Path unused = temp.newFolder("unused").toPath();
        Map<Long, List<Long>> expected = groupsReference(unused, query);
        Path jobDir = checkpoints.resolve("bids-per-auction");
        try (StreamingSqlExecutor executor = executor(p1)) {
            executor.executeDdl(CheckpointRestoreTest.DDL.formatted(20_000, "false", unused.toUri())
                    + settings(checkpoints, "bids-per-auction")
                    + before);
            QueryResult result = executor.executeStreamingSql(query);
            Thread reader = new Thread(() -> CheckpointRestoreTest.apply(result, new HashMap<>(), null));
            reader.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (Checkpoints.completed(jobDir).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint within 30 s");
                }
                Thread.sleep(20);
            }
            Thread.sleep(300);
            result.cancel();
            result.awaitTermination();
            reader.join();
            result.close();
        }
        assertEquals(
                backendName(before),
                writtenBy(Checkpoints.latest(jobDir, s -> {}).orElseThrow()));
        Map<Long, List<Long>> restored = new HashMap<>();
        int[] updatesOfRestoredGroups = new int[1];
        try (StreamingSqlExecutor executor = executor(p2)) {
            executor.executeDdl(CheckpointRestoreTest.DDL.formatted(20_000, "true", unused.toUri())
                    + settings(checkpoints, "bids-per-auction") + after
                    + "SET 'execution.savepoint.path' = 'latest';\n");
            try (QueryResult result = executor.executeStreamingSql(query)) {
                CheckpointRestoreTest.apply(result, restored, updatesOfRestoredGroups);
            }
        }
        assertTrue("the restored run updated groups it restored", updatesOfRestoredGroups[0] > 0);
        assertFalse(restored.isEmpty());
        for (var e : restored.entrySet()) {
            assertEquals("auction " + e.getKey(), expected.get(e.getKey()), e.getValue());
        }
    }

    @Test
    public void unwindowedAggregateFromMemoryRestoresOnRocksdb() throws Exception {
        groupsStopAndRestore(MEMORY, 2, ROCKSDB, 1);
    }

    @Test
    public void unwindowedAggregateFromRocksdbRestoresOnMemory() throws Exception {
        groupsStopAndRestore(ROCKSDB, 1, MEMORY, 2);
    }

    /** DISTINCT aggregates: groups and value sets checkpointed on the heap restore on rocksdb at another parallelism. */
    @Test
    public void distinctAggregateFromMemoryRestoresOnRocksdbAtAnotherParallelism() throws Exception {
        groupsStopAndRestore(DISTINCT, MEMORY, 2, ROCKSDB, 1);
    }

    /** The memory bundle's SPI path: a window aggregate's checkpoint restores on rocksdb at another parallelism. */
    @Test
    public void windowAggregateFromMemorySpiRestoresOnRocksdbAtAnotherParallelism() throws Exception {
        windowStopAndRestore(MEMORY_SPI, 2, ROCKSDB, 1);
    }

    /** The memory bundle's SPI path: a regular join's rows checkpointed on rocksdb restore on it. */
    @Test
    public void regularJoinFromRocksdbRestoresOnMemorySpiAtAnotherParallelism() throws Exception {
        stopAndRestore(CheckpointRestoreTest.JOIN_DDL, CheckpointRestoreTest.JOIN_INSERT, ROCKSDB, 2, MEMORY_SPI, 1);
    }

    /** DISTINCT aggregates on the memory bundle's SPI path restore on the operators' heap tables. */
    @Test
    public void distinctAggregateFromMemorySpiRestoresOnTheHeapTablesAtAnotherParallelism() throws Exception {
        groupsStopAndRestore(DISTINCT, MEMORY_SPI, 2, MEMORY, 1);
    }

    /** DISTINCT aggregates on the operators' heap tables restore on the memory bundle's SPI path. */
    @Test
    public void distinctAggregateFromTheHeapTablesRestoresOnMemorySpiAtAnotherParallelism() throws Exception {
        groupsStopAndRestore(DISTINCT, MEMORY, 1, MEMORY_SPI, 2);
    }

    /** DISTINCT aggregates: checkpointed on rocksdb, restored on the heap at another parallelism. */
    @Test
    public void distinctAggregateFromRocksdbRestoresOnMemoryAtAnotherParallelism() throws Exception {
        groupsStopAndRestore(DISTINCT, ROCKSDB, 1, MEMORY, 2);
    }

    /** DISTINCT aggregates: checkpointed on rocksdb, restored on rocksdb at another parallelism. */
    @Test
    public void distinctAggregateFromRocksdbRestoresOnRocksdbAtAnotherParallelism() throws Exception {
        groupsStopAndRestore(DISTINCT, ROCKSDB, 2, ROCKSDB, 1);
    }

    /**
     * A checkpoint written with rocksdb has the heap's canonical layout: the same state directories, file names and
     * Arrow schemas (columns, types, metadata).
     */
    @Test
    public void checkpointLayoutIsTheSameOnBothBackends() throws Exception {
        Map<String, Schema> memory = checkpointSchemas(MEMORY);
        // the rocksdb run selects the backend with the executor option state_backend instead of SET
        Map<String, Schema> rocksdb = checkpointSchemas(ROCKSDB);
        assertFalse(memory.isEmpty());
        assertEquals(memory, rocksdb);
    }

    /** Runs the window aggregate (bounded, parallelism 2) with checkpoints; the state files' schemas by path. */
    private Map<String, Schema> checkpointSchemas(String backend) throws Exception {
        Path out = temp.newFolder().toPath();
        Path checkpoints = temp.newFolder().toPath();
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .stateBackend(backendName(backend))
                .plugins(List.of(
                        new NexmarkSourceFactory(),
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new RocksDbStateBackendFactory()))
                .build()) {
            executor.executeDdl(CheckpointRestoreTest.DDL.formatted(20_000, "false", out.toUri())
                    + settings(checkpoints, "layout")
                    + "SET 'state.checkpoints.num-retained' = '1000';\n");
            QueryResult result = executor.executeStreamingSql(CheckpointRestoreTest.INSERT);
            Path jobDir = checkpoints.resolve("layout");
            long deadline = System.nanoTime() + 30_000_000_000L;
            Map<String, Schema> schemas = new HashMap<>();
            // the first checkpoint whose windows hold groups (one taken between windows may have none)
            while (schemas.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint with state files within 30 s");
                }
                Thread.sleep(20);
                for (long id : Checkpoints.completed(jobDir)) {
                    Path chk = jobDir.resolve("chk-" + id);
                    Map<String, Schema> found = stateFileSchemas(chk);
                    if (!found.isEmpty()) {
                        assertEquals(backendName(backend), writtenBy(chk));
                        schemas = found;
                        break;
                    }
                }
            }
            result.cancel();
            result.awaitTermination();
            result.close();
            return schemas;
        }
    }

    private static Map<String, Schema> stateFileSchemas(Path chk) throws Exception {
        Map<String, Schema> schemas = new HashMap<>();
        try (Stream<Path> files = Files.walk(chk);
                RootAllocator allocator = new RootAllocator()) {
            for (Path f : files.filter(p -> p.toString().endsWith(".arrow")).toList()) {
                try (FileChannel channel = FileChannel.open(f);
                        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
                    // files per subtask range, present when that subtask held groups at the barrier
                    String name = f.getFileName().toString();
                    assertTrue(name, name.equals("kg-00000-00063.arrow") || name.equals("kg-00064-00127.arrow"));
                    Schema schema = reader.getVectorSchemaRoot().getSchema();
                    Schema other = schemas.put(chk.relativize(f.getParent()).toString(), schema);
                    assertTrue(other == null || other.equals(schema));
                }
            }
        }
        return schemas;
    }

    private static String backendName(String setting) {
        return setting.startsWith(MEMORY) ? "memory" : "rocksdb"; // MEMORY_SPI too
    }

    /** The backend named in the checkpoint's operator manifests (all must agree). */
    private static String writtenBy(Path checkpoint) throws Exception {
        java.util.Set<String> backends = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.walk(checkpoint)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("manifest.json"))
                    .toList()) {
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(f.toFile());
                backends.add(json.get("backend").asText());
            }
        }
        assertEquals("one backend per checkpoint: " + backends, 1, backends.size());
        return backends.iterator().next();
    }

    /** An unknown backend fails the job's start naming the setting and the installed backends. */
    @Test
    public void unknownBackendIsNamedWithTheInstalledOnes() throws Exception {
        Path out = temp.newFolder().toPath();
        try (StreamingSqlExecutor executor = executor(1)) {
            executor.executeDdl(CheckpointRestoreTest.DDL.formatted(1_000, "true", out.toUri())
                    + "SET 'state.backend.type' = 'cassandra';\n");
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> executor.executeStreamingSql(CheckpointRestoreTest.INSERT));
            assertEquals(
                    "'state.backend.type' = 'cassandra': no such state backend; installed: memory, rocksdb",
                    e.getMessage());
        }
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .stateBackend("rocksdb")
                .plugins(List.of(new NexmarkSourceFactory(), new FileSystemTableFactory(), new CsvFormatFactory()))
                .build()) {
            executor.executeDdl(CheckpointRestoreTest.DDL.formatted(1_000, "true", out.toUri()));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> executor.executeStreamingSql(CheckpointRestoreTest.INSERT));
            assertEquals(
                    "executor option state_backend = 'rocksdb': no such state backend; installed: memory",
                    e.getMessage());
        }
    }
}
