package io.sabot.runtime.conformance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.runtime.internal.results.ResultRows;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The conformance suite: each script of {@code conformance/queries} runs through the whole engine (SQL front end,
 * planner, vectorised runtime, the real filesystem connector and csv format) at parallelism 1 and 2, and its final
 * rows must equal what Apache Flink computed ({@code conformance/expected}), as multisets. The scripts with a join run
 * a second time with their keyed state in the rocksdb backend.
 */
@RunWith(Parameterized.class)
public class ConformanceTest {

    static Path root() throws URISyntaxException {
        return Paths.get(ConformanceTest.class
                        .getResource("/conformance/README.md")
                        .toURI())
                .getParent();
    }

    @Parameters(name = "{0} p={1} {2}")
    public static Collection<Object[]> cases() throws Exception {
        List<Object[]> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(root().resolve("queries"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString().replace(".sql", "");
                cases.add(new Object[] {name, 1, "memory"});
                cases.add(new Object[] {name, 2, "memory"});
                if (Files.readString(file).toUpperCase(java.util.Locale.ROOT).contains(" JOIN ")) {
                    cases.add(new Object[] {name, 1, "rocksdb"});
                    cases.add(new Object[] {name, 2, "rocksdb"});
                }
            }
        }
        return cases;
    }

    private final String name;
    private final int parallelism;
    private final String backend;

    public ConformanceTest(String name, int parallelism, String backend) {
        this.name = name;
        this.parallelism = parallelism;
        this.backend = backend;
    }

    static StreamingSqlExecutor executor(int parallelism) {
        return executor(parallelism, "memory");
    }

    static StreamingSqlExecutor executor(int parallelism, String backend) {
        return StreamingSqlExecutor.builder()
                .parallelism(parallelism)
                .watermarkIdleTimeout(java.time.Duration.ofSeconds(30))
                .stateBackend(backend)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new CsvFormatFactory(),
                        new JsonFormatFactory(),
                        new io.sabot.state.rocksdb.internal.RocksDbStateBackendFactory()))
                .build();
    }

    @Test
    public void resultEqualsFlinks() throws Exception {
        Path root = root();
        String script = Files.readString(root.resolve("queries/" + name + ".sql"));
        ResultTable expected = ResultTable.readCsv(root.resolve("expected/" + name + ".csv"));
        AtomicReference<ResultRows> rows = new AtomicReference<>();
        try (StreamingSqlExecutor executor = executor(parallelism, backend)) {
            executor.executeScript(
                    script, Map.of("DATA", root.resolve("data").toString()), new StreamingSqlExecutor.ScriptListener() {
                        @Override
                        public void onMessage(String text) {}

                        @Override
                        public void onQuery(String sql, QueryResult result) {
                            ResultRows collected = new ResultRows();
                            for (VectorSchemaRoot batch : result) {
                                collected.add(batch);
                            }
                            rows.set(collected);
                        }
                    });
        }
        assertTrue(name + " ran no query", rows.get() != null);
        List<List<String>> actualRows = new ArrayList<>();
        for (List<String> row : rows.get().rows()) {
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell == null ? "" : cell));
            actualRows.add(cells);
        }
        List<String> differences =
                ResultTable.differences(expected, new ResultTable(rows.get().columns(), actualRows), 10);
        if (!differences.isEmpty()) {
            fail(name + " at parallelism " + parallelism + " on " + backend + " differs from Flink:\n  "
                    + String.join("\n  ", differences));
        }
        assertEquals(expected.rows.size(), actualRows.size());
    }
}
