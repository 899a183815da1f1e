package io.sabot.state.rocksdb.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.sabot.state.memory.internal.MemoryStateBackendFactory;
import io.sabot.state.spi.AggregatingState;
import io.sabot.state.spi.BatchAggregateFunction;
import io.sabot.state.spi.BatchReduceFunction;
import io.sabot.state.spi.KeyBatch;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.MapState;
import io.sabot.state.spi.ReducingState;
import io.sabot.state.spi.StateBackendFactory;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.TimerDescriptor;
import io.sabot.state.spi.TimerService;
import io.sabot.state.spi.ValueState;
import io.sabot.state.spi.snapshot.OperatorStateManifest;
import io.sabot.state.spi.snapshot.SnapshotFormat;
import io.sabot.state.spi.snapshot.StateFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The state SPI's contract, run against both backends (a real RocksDB, and the memory bundle's heap tables) and
 * compared with plain Java maps as the reference. Each case writes with one backend and restores its snapshots, at
 * another parallelism, with the same or the other one: the canonical format makes them interchangeable.
 */
@RunWith(Parameterized.class)
public class KeyedStateBackendContractTest {

    @Parameters(name = "{0} -> {1}")
    public static List<Object[]> backends() {
        return List.of(
                new Object[] {"rocksdb", "rocksdb"},
                new Object[] {"memory", "memory"},
                new Object[] {"memory", "rocksdb"},
                new Object[] {"rocksdb", "memory"});
    }

    @Parameter(0)
    public String writer;

    @Parameter(1)
    public String reader;

    private static StateBackendFactory factory(String identifier) {
        return identifier.equals("memory") ? new MemoryStateBackendFactory() : new RocksDbStateBackendFactory();
    }

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static final Schema KEY = new Schema(List.of(
            Field.nullable("user", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    private static final Schema VALUE = new Schema(List.of(
            Field.notNullable("count", new ArrowType.Int(64, true)),
            Field.nullable("avg", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("label", ArrowType.Utf8.INSTANCE)));
    private static final int MAX_PARALLELISM = 16;

    private BufferAllocator allocator;
    private TestBackends backends;

    @Before
    public void setUp() throws Exception {
        allocator = new RootAllocator();
        backends = new TestBackends(
                allocator, temp.newFolder().toPath(), MAX_PARALLELISM, factory(writer), factory(reader));
    }

    @After
    public void tearDown() {
        backends.close();
        assertEquals("leaked Arrow memory", 0, allocator.getAllocatedMemory());
        allocator.close();
    }

    /** Keys {@code (user, name)} where {@code user} may be null; key group = user mod max-parallelism. */
    private final class Keys implements AutoCloseable {
        final VectorSchemaRoot root = VectorSchemaRoot.create(KEY, allocator);
        final int[] groups;
        final int n;

        Keys(Long[] users) {
            n = users.length;
            groups = new int[n];
            BigIntVector u = (BigIntVector) root.getVector(0);
            VarCharVector s = (VarCharVector) root.getVector(1);
            for (int i = 0; i < n; i++) {
                if (users[i] == null) {
                    u.setNull(i);
                    s.setNull(i);
                    groups[i] = 0;
                } else {
                    u.setSafe(i, users[i]);
                    s.setSafe(i, ("n" + users[i] % 7).getBytes(StandardCharsets.UTF_8));
                    groups[i] = (int) (users[i] % MAX_PARALLELISM);
                }
            }
            root.setRowCount(n);
        }

        KeyBatch batch() {
            return KeyBatch.of(root, groups);
        }

        KeyBatch in(KeyGroupRange range) {
            int[] rows = new int[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (range.contains(groups[i])) {
                    rows[m++] = i;
                }
            }
            VectorSchemaRoot part = VectorSchemaRoot.create(KEY, allocator);
            int[] g = new int[m];
            for (int j = 0; j < m; j++) {
                part.getVector(0).copyFromSafe(rows[j], j, root.getVector(0));
                part.getVector(1).copyFromSafe(rows[j], j, root.getVector(1));
                g[j] = groups[rows[j]];
            }
            part.setRowCount(m);
            parts.add(part);
            return KeyBatch.of(part, g);
        }

        final List<VectorSchemaRoot> parts = new ArrayList<>();

        @Override
        public void close() {
            root.close();
            parts.forEach(VectorSchemaRoot::close);
        }
    }

    private static String key(BigIntVector u, int i) {
        return u.isNull(i) ? "null" : Long.toString(u.get(i));
    }

    private VectorSchemaRoot values(long[] counts, Double[] avgs, String[] labels) {
        VectorSchemaRoot v = VectorSchemaRoot.create(VALUE, allocator);
        for (int i = 0; i < counts.length; i++) {
            ((BigIntVector) v.getVector(0)).setSafe(i, counts[i]);
            if (avgs[i] == null) {
                ((Float8Vector) v.getVector(1)).setNull(i);
            } else {
                ((Float8Vector) v.getVector(1)).setSafe(i, avgs[i]);
            }
            if (labels[i] == null) {
                ((VarCharVector) v.getVector(2)).setNull(i);
            } else {
                ((VarCharVector) v.getVector(2)).setSafe(i, labels[i].getBytes(StandardCharsets.UTF_8));
            }
        }
        v.setRowCount(counts.length);
        return v;
    }

    private static String row(VectorSchemaRoot v, int i) {
        return ((BigIntVector) v.getVector(0)).get(i) + "|" + v.getVector(1).getObject(i) + "|"
                + v.getVector(2).getObject(i);
    }

    /**
     * Random batches of puts (duplicate keys: the last row wins) and clears against a map; then a snapshot restored
     * at parallelism 2 and read back through both new subtasks, and through scans, equals the map.
     */
    @Test
    public void valueStateMatchesAMapAndRestoresAtAnotherParallelism() throws Exception {
        KeyedStateBackend backend = backends.create(0, 1);
        StateDescriptor d = StateDescriptor.value("groups", KEY, VALUE);
        ValueState state = backend.valueState(d);
        Map<String, String> reference = new HashMap<>();
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            int n = 500;
            Long[] users = new Long[n];
            long[] counts = new long[n];
            Double[] avgs = new Double[n];
            String[] labels = new String[n];
            for (int i = 0; i < n; i++) {
                users[i] = random.nextInt(50) == 0 ? null : (long) random.nextInt(2000);
                counts[i] = random.nextInt(1000);
                avgs[i] = random.nextBoolean() ? null : random.nextDouble();
                labels[i] = random.nextInt(3) == 0 ? null : "l" + random.nextInt(10_000);
            }
            try (Keys keys = new Keys(users);
                    VectorSchemaRoot v = values(counts, avgs, labels)) {
                if (round % 5 == 4) {
                    state.clear(keys.batch());
                    for (int i = 0; i < n; i++) {
                        reference.remove(key((BigIntVector) keys.root.getVector(0), i));
                    }
                } else {
                    state.put(keys.batch(), v);
                    for (int i = 0; i < n; i++) {
                        reference.put(key((BigIntVector) keys.root.getVector(0), i), row(v, i));
                    }
                }
            }
        }
        assertEquals(reference, read(List.of(backend), d));

        Path dir = temp.newFolder("chk").toPath();
        OperatorStateManifest manifest = backends.snapshot(dir, 1, List.of(backend));
        assertEquals(1, manifest.files().size());
        StateFile file = manifest.files().get(0);
        assertEquals(SnapshotFormat.stateFilePath("groups", KeyGroupRange.of(0, MAX_PARALLELISM - 1)), file.path());
        assertEquals(reference.size(), file.rows());
        try (FileChannel channel = FileChannel.open(dir.resolve(file.path()));
                ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            assertEquals(
                    SnapshotFormat.stateFileSchema(d),
                    reader.getVectorSchemaRoot().getSchema());
            int last = -1;
            while (reader.loadNextBatch()) {
                IntVector g = (IntVector) reader.getVectorSchemaRoot().getVector(0);
                for (int i = 0; i < g.getValueCount(); i++) {
                    assertTrue("key groups in order", g.get(i) >= last);
                    last = g.get(i);
                }
            }
        }

        List<KeyedStateBackend> rescaled = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            KeyedStateBackend b = backends.createReader(s, 2);
            b.restore(TestBackends.restore(dir, manifest, b.keyGroupRange()));
            rescaled.add(b);
        }
        assertEquals(reference, read(rescaled, d));
        // point reads on the new owners see the restored values
        Long[] all = new Long[2000];
        for (int i = 0; i < all.length; i++) {
            all[i] = (long) i;
        }
        try (Keys keys = new Keys(all)) {
            int found = 0;
            for (KeyedStateBackend b : rescaled) {
                KeyBatch part = keys.in(b.keyGroupRange());
                try (VectorSchemaRoot out = VectorSchemaRoot.create(VALUE, allocator)) {
                    boolean[] present = new boolean[part.rowCount()];
                    found += b.valueState(d).get(part, out, present);
                    for (int i = 0; i < part.rowCount(); i++) {
                        String k = key((BigIntVector) part.column(0), i);
                        assertEquals(k, reference.containsKey(k), present[i]);
                        if (present[i]) {
                            assertEquals(reference.get(k), row(out, i));
                        }
                    }
                }
            }
            assertEquals(reference.size() - (reference.containsKey("null") ? 1 : 0), found);
        }
    }

    /**
     * Incremental checkpoints: native RocksDB files, table files shared between checkpoints and written once; the
     * second checkpoint writes only the files that are new; restoring it at another parallelism gives the state back;
     * a savepoint of the same backend is canonical.
     */
    @Test
    public void incrementalCheckpointsShareTableFilesAndRestoreAtAnotherParallelism() throws Exception {
        assumeTrue("rocksdb's own files", writer.equals("rocksdb") && reader.equals("rocksdb"));
        KeyedStateBackend backend = backends.create(0, 1, Map.of("incremental", "true"));
        StateDescriptor d = StateDescriptor.value("groups", KEY, VALUE);
        ValueState state = backend.valueState(d);
        Map<String, String> reference = new HashMap<>();
        Random random = new Random(9);
        Path shared = temp.newFolder("shared").toPath();
        List<OperatorStateManifest> checkpoints = new ArrayList<>();
        for (int checkpoint = 1; checkpoint <= 3; checkpoint++) {
            Long[] users = new Long[1000];
            long[] counts = new long[users.length];
            Double[] avgs = new Double[users.length];
            String[] labels = new String[users.length];
            for (int i = 0; i < users.length; i++) {
                users[i] = (long) random.nextInt(5000);
                counts[i] = checkpoint;
                avgs[i] = random.nextDouble();
                labels[i] = "c" + checkpoint;
            }
            try (Keys keys = new Keys(users);
                    VectorSchemaRoot v = values(counts, avgs, labels)) {
                state.put(keys.batch(), v);
                for (int i = 0; i < users.length; i++) {
                    reference.put(key((BigIntVector) keys.root.getVector(0), i), row(v, i));
                }
            }
            int before = backends.sharedWrites.size();
            Path dir = temp.newFolder("chk-" + checkpoint).toPath();
            OperatorStateManifest m = backends.snapshot(dir, shared, checkpoint, false, List.of(backend));
            checkpoints.add(m);
            assertTrue(m.isNative());
            List<StateFile> tables =
                    m.files().stream().filter(StateFile::isShared).toList();
            assertFalse("table files are shared", tables.isEmpty());
            // every checkpoint adds one flushed table file; those of earlier checkpoints are referred to, not written
            int written = backends.sharedWrites.size() - before;
            long referencedAgain = tables.stream()
                    .filter(f -> checkpoints.size() > 1
                            && checkpoints.get(checkpoints.size() - 2).files().contains(f))
                    .count();
            assertEquals(tables.size(), written + referencedAgain);
            if (checkpoint > 1) {
                assertTrue("checkpoint " + checkpoint + " refers to earlier table files", referencedAgain > 0);
                assertTrue("checkpoint " + checkpoint + " writes fewer files than it holds", written < tables.size());
            }
        }
        List<KeyedStateBackend> rescaled = new ArrayList<>();
        Path last = temp.getRoot().toPath().resolve("chk-3");
        for (int s = 0; s < 2; s++) {
            KeyedStateBackend b = backends.create(s, 2, Map.of("incremental", "true"));
            b.restore(TestBackends.restore(last, shared, checkpoints.get(2), b.keyGroupRange()));
            rescaled.add(b);
        }
        assertEquals(reference, read(rescaled, d));
        // a savepoint is canonical even with incremental checkpoints on
        Path savepoint = temp.newFolder("savepoint").toPath();
        OperatorStateManifest canonical = backends.snapshot(savepoint, shared, 4, true, List.of(backend));
        assertFalse(canonical.isNative());
        assertEquals(
                List.of(SnapshotFormat.stateFilePath("groups", KeyGroupRange.of(0, MAX_PARALLELISM - 1))),
                canonical.files().stream().map(StateFile::path).toList());
    }

    /** Every (key, value) of state {@code d} in the given backends, through scans. */
    private Map<String, String> read(List<KeyedStateBackend> subtasks, StateDescriptor d) {
        Map<String, String> got = new HashMap<>();
        for (KeyedStateBackend b : subtasks) {
            try (VectorSchemaRoot batch = VectorSchemaRoot.create(SnapshotFormat.stateFileSchema(d), allocator)) {
                b.valueState(d).scan(b.keyGroupRange(), batch, 100, rows -> {
                    BigIntVector u = (BigIntVector) rows.getVector(1);
                    for (int i = 0; i < rows.getRowCount(); i++) {
                        VectorSchemaRoot v = rows.slice(i, 1);
                        VectorSchemaRoot values =
                                new VectorSchemaRoot(List.of(v.getVector(3), v.getVector(4), v.getVector(5)));
                        assertTrue(got.put(key(u, i), row(values, 0)) == null);
                        v.close();
                    }
                });
            }
        }
        return got;
    }

    /** Lists keep their order through appends, replace, clear and a snapshot restored elsewhere. */
    @Test
    public void listStateKeepsOrderAcrossSnapshots() throws Exception {
        Schema element = new Schema(List.of(Field.notNullable("v", new ArrowType.Int(64, true))));
        StateDescriptor d = StateDescriptor.list("rows", KEY, element);
        KeyedStateBackend backend = backends.create(0, 1);
        ListState state = backend.listState(d);
        Map<String, List<Long>> reference = new HashMap<>();
        Random random = new Random(3);
        for (int round = 0; round < 10; round++) {
            Long[] users = new Long[200];
            for (int i = 0; i < users.length; i++) {
                users[i] = (long) random.nextInt(40);
            }
            try (Keys keys = new Keys(users);
                    VectorSchemaRoot v = VectorSchemaRoot.create(element, allocator)) {
                for (int i = 0; i < users.length; i++) {
                    ((BigIntVector) v.getVector(0)).setSafe(i, round * 1000L + i);
                }
                v.setRowCount(users.length);
                if (round == 5) {
                    state.replace(keys.batch(), v);
                    for (Long u : users) {
                        reference.remove(u.toString());
                    }
                } else {
                    state.add(keys.batch(), v);
                }
                for (int i = 0; i < users.length; i++) {
                    reference
                            .computeIfAbsent(users[i].toString(), k -> new ArrayList<>())
                            .add(round * 1000L + i);
                }
            }
        }
        assertEquals(reference, lists(List.of(backend), d));
        Path dir = temp.newFolder("chk").toPath();
        OperatorStateManifest manifest = backends.snapshot(dir, 1, List.of(backend));
        List<KeyedStateBackend> rescaled = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            KeyedStateBackend b = backends.createReader(s, 3);
            b.restore(TestBackends.restore(dir, manifest, b.keyGroupRange()));
            rescaled.add(b);
        }
        assertEquals(reference, lists(rescaled, d));
        try (Keys keys = new Keys(new Long[] {3L})) {
            state.clear(keys.batch());
        }
        reference.remove("3");
        assertEquals(reference, lists(List.of(backend), d));
    }

    private Map<String, List<Long>> lists(List<KeyedStateBackend> subtasks, StateDescriptor d) {
        Map<String, List<Long>> got = new HashMap<>();
        Long[] all = new Long[40];
        for (int i = 0; i < all.length; i++) {
            all[i] = (long) i;
        }
        try (Keys keys = new Keys(all)) {
            for (KeyedStateBackend b : subtasks) {
                KeyBatch part = keys.in(b.keyGroupRange());
                try (IntVector keyRows = new IntVector("k", allocator);
                        VectorSchemaRoot out = VectorSchemaRoot.create(d.valueSchema(), allocator)) {
                    int n = b.listState(d).get(part, keyRows, out);
                    for (int i = 0; i < n; i++) {
                        String k = key((BigIntVector) part.column(0), keyRows.get(i));
                        got.computeIfAbsent(k, x -> new ArrayList<>()).add(((BigIntVector) out.getVector(0)).get(i));
                    }
                }
            }
        }
        return got;
    }

    /** Map entries: put (last wins), get, remove and entries, against a map of maps. */
    @Test
    public void mapStateMatchesAMapOfMaps() throws Exception {
        Schema userKey = new Schema(List.of(Field.nullable("item", ArrowType.Utf8.INSTANCE)));
        Schema value = new Schema(List.of(Field.nullable("qty", new ArrowType.Int(32, true))));
        StateDescriptor d = StateDescriptor.map("carts", KEY, userKey, value);
        KeyedStateBackend backend = backends.create(0, 1);
        MapState state = backend.mapState(d);
        Map<String, Map<String, Integer>> reference = new HashMap<>();
        Random random = new Random(11);
        for (int round = 0; round < 8; round++) {
            int n = 300;
            Long[] users = new Long[n];
            for (int i = 0; i < n; i++) {
                users[i] = (long) random.nextInt(30);
            }
            try (Keys keys = new Keys(users);
                    VectorSchemaRoot items = VectorSchemaRoot.create(userKey, allocator);
                    VectorSchemaRoot qty = VectorSchemaRoot.create(value, allocator)) {
                String[] names = new String[n];
                for (int i = 0; i < n; i++) {
                    names[i] = random.nextInt(20) == 0 ? null : "i" + random.nextInt(8);
                    if (names[i] == null) {
                        ((VarCharVector) items.getVector(0)).setNull(i);
                    } else {
                        ((VarCharVector) items.getVector(0)).setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
                    }
                    ((IntVector) qty.getVector(0)).setSafe(i, round * 100 + i);
                }
                items.setRowCount(n);
                qty.setRowCount(n);
                if (round % 3 == 2) {
                    state.remove(keys.batch(), items);
                    for (int i = 0; i < n; i++) {
                        Map<String, Integer> m = reference.get(users[i].toString());
                        if (m != null) {
                            m.remove(String.valueOf(names[i]));
                        }
                    }
                } else {
                    state.put(keys.batch(), items, qty);
                    for (int i = 0; i < n; i++) {
                        reference
                                .computeIfAbsent(users[i].toString(), k -> new HashMap<>())
                                .put(String.valueOf(names[i]), round * 100 + i);
                    }
                }
            }
        }
        reference.values().removeIf(Map::isEmpty);
        Long[] all = new Long[30];
        for (int i = 0; i < all.length; i++) {
            all[i] = (long) i;
        }
        Map<String, Map<String, Integer>> got = new HashMap<>();
        try (Keys keys = new Keys(all);
                IntVector keyRows = new IntVector("k", allocator);
                VectorSchemaRoot items = VectorSchemaRoot.create(userKey, allocator);
                VectorSchemaRoot qty = VectorSchemaRoot.create(value, allocator)) {
            int n = state.entries(keys.batch(), keyRows, items, qty);
            for (int i = 0; i < n; i++) {
                Object item = items.getVector(0).getObject(i);
                got.computeIfAbsent(all[keyRows.get(i)].toString(), k -> new HashMap<>())
                        .put(String.valueOf(item), ((IntVector) qty.getVector(0)).get(i));
            }
        }
        assertEquals(reference, got);
        Path dir = temp.newFolder("chk").toPath();
        OperatorStateManifest manifest = backends.snapshot(dir, 1, List.of(backend));
        Map<String, Map<String, Integer>> restored = new HashMap<>();
        for (int sub = 0; sub < 2; sub++) {
            KeyedStateBackend b = backends.createReader(sub, 2);
            b.restore(TestBackends.restore(dir, manifest, b.keyGroupRange()));
            try (Keys keys = new Keys(all);
                    IntVector keyRows = new IntVector("k", allocator);
                    VectorSchemaRoot items = VectorSchemaRoot.create(userKey, allocator);
                    VectorSchemaRoot qty = VectorSchemaRoot.create(value, allocator)) {
                KeyBatch part = keys.in(b.keyGroupRange());
                int n = b.mapState(d).entries(part, keyRows, items, qty);
                for (int i = 0; i < n; i++) {
                    restored.computeIfAbsent(key((BigIntVector) part.column(0), keyRows.get(i)), k -> new HashMap<>())
                            .put(
                                    String.valueOf(items.getVector(0).getObject(i)),
                                    ((IntVector) qty.getVector(0)).get(i));
                }
            }
        }
        assertEquals(reference, restored);
        // point lookups agree too
        try (Keys keys = new Keys(new Long[] {1L, 2L});
                VectorSchemaRoot items = VectorSchemaRoot.create(userKey, allocator);
                VectorSchemaRoot qty = VectorSchemaRoot.create(value, allocator)) {
            ((VarCharVector) items.getVector(0)).setSafe(0, "i1".getBytes(StandardCharsets.UTF_8));
            ((VarCharVector) items.getVector(0)).setSafe(1, "nope".getBytes(StandardCharsets.UTF_8));
            items.setRowCount(2);
            boolean[] present = new boolean[2];
            state.get(keys.batch(), items, qty, present);
            Integer expected = reference.getOrDefault("1", Map.of()).get("i1");
            assertEquals(expected != null, present[0]);
            if (expected != null) {
                assertEquals((int) expected, ((IntVector) qty.getVector(0)).get(0));
            }
            assertFalse(present[1]);
        }
    }

    /**
     * Reducing (a running sum) and aggregating (an average: sum and count) states fold a key that occurs several times
     * in one batch once per row.
     */
    @Test
    public void reducingAndAggregatingFoldEveryRow() throws Exception {
        Schema sum = SUM_SCHEMA;
        Schema acc = ACC_SCHEMA;
        KeyedStateBackend backend = backends.create(0, 1);
        ReducingState sums = backend.reducingState(StateDescriptor.reducing("sums", KEY, sum), SUM);
        AggregatingState avgs = backend.aggregatingState(StateDescriptor.aggregating("avgs", KEY, acc), new Average());
        Map<Long, long[]> reference = new HashMap<>();
        Random random = new Random(5);
        for (int round = 0; round < 5; round++) {
            int n = 400;
            Long[] users = new Long[n];
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                users[i] = (long) random.nextInt(25);
                values[i] = random.nextInt(100);
                long[] r = reference.computeIfAbsent(users[i], k -> new long[2]);
                r[0] += values[i];
                r[1]++;
            }
            try (Keys keys = new Keys(users);
                    VectorSchemaRoot v = VectorSchemaRoot.create(sum, allocator)) {
                for (int i = 0; i < n; i++) {
                    ((BigIntVector) v.getVector(0)).setSafe(i, values[i]);
                }
                v.setRowCount(n);
                sums.add(keys.batch(), v);
                avgs.add(keys.batch(), v);
            }
        }
        checkSumsAndAverages(List.of(backend), reference);
        // the accumulators, not the results, are what is stored: restored at another parallelism, both fold on
        Path dir = temp.newFolder("chk").toPath();
        OperatorStateManifest manifest = backends.snapshot(dir, 1, List.of(backend));
        List<KeyedStateBackend> rescaled = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            KeyedStateBackend b = backends.createReader(s, 2);
            b.restore(TestBackends.restore(dir, manifest, b.keyGroupRange()));
            rescaled.add(b);
        }
        checkSumsAndAverages(rescaled, reference);
    }

    private static final BatchReduceFunction SUM = (left, right, count, out) -> {
        for (int i = 0; i < count; i++) {
            ((BigIntVector) out.getVector(0))
                    .setSafe(i, ((BigIntVector) left.getVector(0)).get(i) + ((BigIntVector) right.getVector(0)).get(i));
        }
        out.setRowCount(count);
    };

    private static final Schema SUM_SCHEMA = new Schema(List.of(Field.notNullable("sum", new ArrowType.Int(64, true))));
    private static final Schema ACC_SCHEMA = new Schema(List.of(
            Field.notNullable("total", new ArrowType.Int(64, true)),
            Field.notNullable("n", new ArrowType.Int(64, true))));
    private static final Schema AVG_SCHEMA =
            new Schema(List.of(Field.nullable("avg", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

    private void checkSumsAndAverages(List<KeyedStateBackend> subtasks, Map<Long, long[]> reference) {
        Schema sum = SUM_SCHEMA;
        Schema avg = AVG_SCHEMA;
        Long[] all = new Long[30];
        for (int i = 0; i < all.length; i++) {
            all[i] = (long) i;
        }
        int found = 0;
        try (Keys allKeys = new Keys(all)) {
            for (KeyedStateBackend b : subtasks) {
                ReducingState sums = b.reducingState(StateDescriptor.reducing("sums", KEY, SUM_SCHEMA), SUM);
                AggregatingState avgs =
                        b.aggregatingState(StateDescriptor.aggregating("avgs", KEY, ACC_SCHEMA), new Average());
                KeyBatch keys = allKeys.in(b.keyGroupRange());
                try (VectorSchemaRoot s = VectorSchemaRoot.create(sum, allocator);
                        VectorSchemaRoot a = VectorSchemaRoot.create(avg, allocator)) {
                    boolean[] present = new boolean[keys.rowCount()];
                    int n = sums.get(keys, s, present);
                    found += n;
                    boolean[] present2 = new boolean[keys.rowCount()];
                    assertEquals(n, avgs.get(keys, a, present2));
                    assertArrayEquals(present, present2);
                    for (int i = 0; i < keys.rowCount(); i++) {
                        long[] r = reference.get(((BigIntVector) keys.column(0)).get(i));
                        assertEquals(r != null, present[i]);
                        if (r != null) {
                            assertEquals(r[0], ((BigIntVector) s.getVector(0)).get(i));
                            assertEquals((double) r[0] / r[1], ((Float8Vector) a.getVector(0)).get(i), 1e-9);
                        } else {
                            assertTrue(a.getVector(0).isNull(i));
                        }
                    }
                }
            }
        }
        assertEquals(reference.size(), found);
    }

    /**
     * Timers (memory only: rocksdb holds none): registered twice (kept once), deleted, polled in timestamp order in
     * bounded batches, and restored at another parallelism with what was not fired yet.
     */
    @Test
    public void timersFireInOrderOnceAndRestoreAtAnotherParallelism() throws Exception {
        assumeTrue("only the memory backend holds timers", writer.equals("memory") && reader.equals("memory"));
        TimerDescriptor d = TimerDescriptor.eventTime("window-end", KEY);
        KeyedStateBackend backend = backends.create(0, 1);
        TimerService timers = backend.timerService(d);
        java.util.TreeMap<Long, java.util.Set<String>> reference = new java.util.TreeMap<>();
        Random random = new Random(13);
        Long[] users = new Long[300];
        long[] times = new long[users.length];
        for (int i = 0; i < users.length; i++) {
            users[i] = (long) random.nextInt(60);
            times[i] = 1000L * random.nextInt(20);
            reference.computeIfAbsent(times[i], t -> new java.util.TreeSet<>()).add(users[i] + "@" + times[i]);
        }
        try (Keys keys = new Keys(users)) {
            timers.register(keys.batch(), times);
            timers.register(keys.batch(), times); // the same tuples again: no new timers
            long[] deleted = new long[users.length];
            java.util.Arrays.fill(deleted, 5000L);
            timers.delete(keys.batch(), deleted);
        }
        reference.remove(5000L);
        long expectedSize =
                reference.values().stream().mapToLong(java.util.Set::size).sum();
        assertEquals(expectedSize, timers.size());
        assertEquals((long) reference.firstKey(), timers.nextTimestamp());

        Path dir = temp.newFolder("chk").toPath();
        OperatorStateManifest manifest = backends.snapshot(dir, 1, List.of(backend));
        assertEquals(List.of(d), manifest.timers());
        java.util.TreeMap<Long, java.util.Set<String>> atSnapshot = new java.util.TreeMap<>(reference);

        assertEquals(fired(reference, 9000L), poll(List.of(backend), d, 9000L, 7));
        List<KeyedStateBackend> rescaled = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            KeyedStateBackend b = backends.createReader(s, 2);
            b.restore(TestBackends.restore(dir, manifest, b.keyGroupRange()));
            rescaled.add(b);
        }
        // the restored subtasks have every timer of the snapshot, also those the old one fired since
        assertEquals(fired(atSnapshot, Long.MAX_VALUE), poll(rescaled, d, Long.MAX_VALUE, 5));
        assertEquals(fired(reference, Long.MAX_VALUE), poll(List.of(backend), d, Long.MAX_VALUE, 1000));
        assertEquals(Long.MAX_VALUE, timers.nextTimestamp());
    }

    /** Removes and returns the reference's timers up to {@code time}, in timestamp order. */
    private static List<String> fired(java.util.TreeMap<Long, java.util.Set<String>> reference, long time) {
        List<String> out = new ArrayList<>();
        var head = reference.headMap(time, true);
        head.values().forEach(out::addAll);
        head.clear();
        return out;
    }

    /** Polls every subtask's timers up to {@code time}, {@code max} at a time, checking their order. */
    private List<String> poll(List<KeyedStateBackend> subtasks, TimerDescriptor d, long time, int max) {
        java.util.TreeMap<Long, java.util.Set<String>> got = new java.util.TreeMap<>();
        for (KeyedStateBackend b : subtasks) {
            TimerService timers = b.timerService(d);
            try (VectorSchemaRoot out = VectorSchemaRoot.create(SnapshotFormat.timerFileSchema(d), allocator)) {
                long last = Long.MIN_VALUE;
                int n;
                do {
                    n = timers.pollExpired(time, max, out);
                    for (int i = 0; i < n; i++) {
                        long ts = ((org.apache.arrow.vector.BigIntVector) out.getVector(1)).get(i);
                        assertTrue("ascending timestamps", ts >= last);
                        last = ts;
                        long user = ((BigIntVector) out.getVector(2)).get(i);
                        assertEquals(user % MAX_PARALLELISM, ((IntVector) out.getVector(0)).get(i));
                        assertTrue(
                                "fired once",
                                got.computeIfAbsent(ts, t -> new java.util.TreeSet<>())
                                        .add(user + "@" + ts));
                    }
                } while (n == max);
            }
        }
        List<String> out = new ArrayList<>();
        got.values().forEach(out::addAll);
        return out;
    }

    /** AVG over one BIGINT input: accumulators (total, n), result total / n. */
    private static final class Average implements BatchAggregateFunction {
        @Override
        public void createAccumulators(int count, VectorSchemaRoot out) {
            for (int i = 0; i < count; i++) {
                ((BigIntVector) out.getVector(0)).setSafe(i, 0);
                ((BigIntVector) out.getVector(1)).setSafe(i, 0);
            }
            out.setRowCount(count);
        }

        @Override
        public void add(VectorSchemaRoot accumulators, VectorSchemaRoot inputs, int count, VectorSchemaRoot out) {
            for (int i = 0; i < count; i++) {
                ((BigIntVector) out.getVector(0))
                        .setSafe(
                                i,
                                ((BigIntVector) accumulators.getVector(0)).get(i)
                                        + ((BigIntVector) inputs.getVector(0)).get(i));
                ((BigIntVector) out.getVector(1)).setSafe(i, ((BigIntVector) accumulators.getVector(1)).get(i) + 1);
            }
            out.setRowCount(count);
        }

        @Override
        public void getResults(VectorSchemaRoot accumulators, int count, VectorSchemaRoot out) {
            for (int i = 0; i < count; i++) {
                long n = ((BigIntVector) accumulators.getVector(1)).get(i);
                if (n == 0) {
                    ((Float8Vector) out.getVector(0)).setNull(i);
                } else {
                    ((Float8Vector) out.getVector(0))
                            .setSafe(i, (double) ((BigIntVector) accumulators.getVector(0)).get(i) / n);
                }
            }
            out.setRowCount(count);
        }
    }
}
