package io.sabot.benchmarks;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sabot.benchmarks.api.Engine;
import java.nio.file.Path;
import java.util.List;
import org.junit.Test;

/**
 * The checkpoint benchmark works end to end at tiny sizes in both engines, and checkpoints really complete: 20 000
 * keys in state and one triggered checkpoint each, tumble for 1 + 2 s with checkpoints every 500 ms and without, and
 * 2 s of checkpoints every 100 ms. Asserts that things ran and checkpoints completed, never speed.
 */
public class CheckpointBenchmarkSmokeTest {

    @Test
    public void bothEnginesCheckpointAtTinySizes() throws Exception {
        CheckpointBenchmark benchmark =
                new CheckpointBenchmark(CheckpointBenchmark.Options.small(Path.of("target", "smoke-checkpoints")));
        String report = benchmark.run();

        assertEquals(2, benchmark.stateCells.size());
        for (CheckpointBenchmark.StateCell cell : benchmark.stateCells) {
            String what = "state in " + cell.engine() + " (" + cell.backend() + ")";
            assertNull(what + ": " + cell.problem(), cell.problem());
            assertNotNull(what, cell.run());
            assertTrue(what + " read every key", cell.run().rowsRead() >= 20_000);
            assertEquals(what, 1, cell.run().checkpoints().size());
            assertTrue(what + " wrote files", cell.run().checkpoints().get(0).sizeBytes() > 0);
            assertFalse(what + " names its backend", cell.run().backendUsed().isEmpty());
        }

        assertEquals(2, benchmark.throughputCells.size());
        for (CheckpointBenchmark.ThroughputCell cell : benchmark.throughputCells) {
            String what = "throughput in " + cell.engine();
            assertNull(what + ": " + cell.problem(), cell.problem());
            assertEquals(what, 1, cell.off().size());
            assertEquals(what, 1, cell.on().size());
            assertTrue(
                    what + " read rows",
                    cell.off().get(0).rows() > 0 && cell.on().get(0).rows() > 0);
            assertTrue(
                    what + " without checkpoints took none",
                    cell.off().get(0).checkpoints().isEmpty());
            assertFalse(
                    what + " completed checkpoints",
                    cell.on().get(0).checkpoints().isEmpty());
        }

        assertEquals(2, benchmark.initiationCells.size());
        for (CheckpointBenchmark.InitiationCell cell : benchmark.initiationCells) {
            String what = "initiation in " + cell.engine();
            assertNull(what + ": " + cell.problem(), cell.problem());
            List<Engine.CheckpointStat> checkpoints = cell.run().checkpoints();
            assertTrue(what + " completed checkpoints: " + checkpoints.size(), checkpoints.size() >= 2);
        }
        assertTrue(report, report.contains("### Barrier initiation latency"));
    }

    @Test
    public void percentilesAreNearestRank() {
        List<Double> values = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0);
        assertEquals(5.0, CheckpointBenchmark.percentile(values, 50), 0);
        assertEquals(10.0, CheckpointBenchmark.percentile(values, 99), 0);
        assertEquals(10.0, CheckpointBenchmark.percentile(values, 100), 0);
        assertTrue(Double.isNaN(CheckpointBenchmark.percentile(List.of(), 50)));
        assertNull(CheckpointBenchmark.backendMismatch("hashmap", "HashMapStateBackend"));
        assertNotNull(CheckpointBenchmark.backendMismatch("rocksdb", "memory"));
    }
}
