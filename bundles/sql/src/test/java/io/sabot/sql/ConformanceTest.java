package io.sabot.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.plan.QueryPlan;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The conformance scripts (copied from shared/conformance into the test resources): every query plans, every
 * rejected script fails with the key phrase of Flink's error.
 */
public class ConformanceTest {

    private static final Map<String, String> VARIABLES = Map.of("DATA", "/data/conformance");

    private static List<Path> files(String folder, String suffix) throws IOException, URISyntaxException {
        Path dir = Path.of(
                ConformanceTest.class.getResource("/conformance/" + folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static StatementResult run(Path script) throws IOException {
        List<StatementResult> results =
                TestSessions.FRONT_END.newSession().executeScript(Files.readString(script), VARIABLES);
        return results.get(results.size() - 1);
    }

    @Test
    public void everyQueryPlans() throws Exception {
        List<Path> queries = files("queries", ".sql");
        assertEquals(12, queries.size());
        for (Path query : queries) {
            StatementResult result;
            try {
                result = run(query);
            } catch (SqlException e) {
                throw new AssertionError(query.getFileName() + " does not plan: " + e.getMessage(), e);
            }
            assertEquals(query.getFileName().toString(), StatementKind.SELECT, result.kind());
            QueryPlan plan = ((StatementResult.Query) result).plan();
            assertFalse(plan.explain().isEmpty());
            assertTrue(plan.sql().startsWith("SELECT"));
        }
    }

    @Test
    public void variablesReachTheTableOptions() throws Exception {
        Path q00 = files("queries", ".sql").stream()
                .filter(p -> p.getFileName().toString().startsWith("q00"))
                .findFirst()
                .orElseThrow();
        QueryPlan plan = ((StatementResult.Query) run(q00)).plan();
        assertTrue(plan.explain(), plan.explain().contains("TableScan(table=[default.bid], connector=[filesystem]"));
        io.sabot.plan.PlanNode node = plan.root();
        while (!node.inputs().isEmpty()) {
            node = node.inputs().get(0);
        }
        assertEquals(
                Map.of("path", "/data/conformance/bid.csv", "format", "csv"),
                ((io.sabot.plan.TableScan) node).table().options());
    }

    @Test
    public void everyRejectedQueryFailsWithFlinksReason() throws Exception {
        List<Path> rejected = files("rejected", ".sql");
        assertEquals(2, rejected.size());
        for (Path script : rejected) {
            String expected = keyPhrase(Files.readString(
                    script.resolveSibling(script.getFileName().toString().replace(".sql", ".error"))));
            try {
                run(script);
                fail(script.getFileName() + " planned, but Flink rejects it: " + expected);
            } catch (SqlException e) {
                assertTrue(
                        script.getFileName() + ": expected \"" + expected + "\" in: " + e.getMessage(),
                        e.getMessage().contains(expected));
            }
        }
    }

    /** The message of Flink's root cause: the last line, after the exception class. */
    static String keyPhrase(String error) {
        List<String> lines = error.strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        int at = last.lastIndexOf("Exception: ");
        return at < 0 ? last : last.substring(at + "Exception: ".length()).strip();
    }
}
