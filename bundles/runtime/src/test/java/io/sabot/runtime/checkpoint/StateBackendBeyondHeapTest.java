package io.sabot.runtime.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * State larger than the heap: an unwindowed aggregate over {@value #KEYS} groups, a {@code COUNT(DISTINCT …)} over
 * {@value #VALUES} values, and a regular join holding {@value #JOIN_KEYS} rows a side, in a JVM whose heap cannot hold
 * them run out of memory on {@code memory} and finish on
 * {@code rocksdb}.
 */
public class StateBackendBeyondHeapTest {

    private static final long KEYS = 2_000_000; // 1 M groups, each read and written twice
    /** Rows (and distinct values: each a new entry of its group's value set) of the DISTINCT run. */
    private static final long VALUES = 1_000_000;

    private static final long JOIN_KEYS = 600_000;
    private static final String HEAP = "-Xmx48m";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private record Run(int exit, String output) {}

    private Run fork(String backend) throws Exception {
        return fork(backend, "aggregate", KEYS);
    }

    private Run fork(String backend, String query, long keys) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = temp.newFile().toPath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP,
                // Arrow batches live off the heap; give them room so that only the heap is small
                "-XX:MaxDirectMemorySize=512m",
                "-XX:+ExitOnOutOfMemoryError",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp",
                classPath,
                BeyondHeapJob.class.getName(),
                backend,
                Long.toString(keys),
                temp.newFolder().toString(),
                query));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(backend + " run did not end within 120 s: " + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    public void rocksdbHoldsStateTheHeapCannot() throws Exception {
        Run rocksdb = fork("rocksdb");
        System.out.println(
                "groups beyond the heap on rocksdb: " + rocksdb.output().strip());
        assertEquals(rocksdb.output(), 0, rocksdb.exit());
        assertTrue(rocksdb.output(), rocksdb.output().contains("finished"));
        Run memory = fork("memory");
        assertNotEquals("the heap run must not fit in " + HEAP + ": " + memory.output(), 0, memory.exit());
        assertTrue(memory.output(), memory.output().contains("OutOfMemoryError"));
    }

    /** COUNT(DISTINCT k) over 1000 groups: {@value #VALUES} distinct values, beyond the heap, in RocksDB. */
    @Test
    public void rocksdbHoldsDistinctValuesTheHeapCannot() throws Exception {
        Run rocksdb = fork("rocksdb", "distinct", VALUES);
        System.out.println("COUNT(DISTINCT) beyond the heap on rocksdb: "
                + rocksdb.output().strip());
        assertEquals(rocksdb.output(), 0, rocksdb.exit());
        assertTrue(rocksdb.output(), rocksdb.output().contains("finished"));
        Run memory = fork("memory", "distinct", VALUES);
        assertNotEquals("the heap run must not fit in " + HEAP + ": " + memory.output(), 0, memory.exit());
        assertTrue(memory.output(), memory.output().contains("OutOfMemoryError"));
    }

    @Test
    public void rocksdbHoldsAJoinsRowsTheHeapCannot() throws Exception {
        Run rocksdb = fork("rocksdb", "join", JOIN_KEYS);
        assertEquals(rocksdb.output(), 0, rocksdb.exit());
        assertTrue(rocksdb.output(), rocksdb.output().contains("finished"));
        Run memory = fork("memory", "join", JOIN_KEYS);
        assertNotEquals("the heap run must not fit in " + HEAP + ": " + memory.output(), 0, memory.exit());
        assertTrue(memory.output(), memory.output().contains("OutOfMemoryError"));
    }
}
