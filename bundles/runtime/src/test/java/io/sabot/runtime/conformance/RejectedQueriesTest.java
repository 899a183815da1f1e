package io.sabot.runtime.conformance;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;

/** Queries a streaming engine cannot run are refused with Flink's reason. */
public class RejectedQueriesTest {

    @Test
    public void everyRejectedQueryIsRefusedWithFlinksReason() throws Exception {
        Path dir = ConformanceTest.root().resolve("rejected");
        int checked = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path sql :
                    files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) {
                String flink = Files.readString(Path.of(sql.toString().replace(".sql", ".error")))
                        .trim();
                // Flink's reason: the root cause's message when it gives one, else the first line's, without the
                // exception class, e.g. "Sort on a non-time-attribute field is not supported."
                String line = flink.lines()
                        .filter(l -> l.startsWith("root cause:"))
                        .findFirst()
                        .orElse(flink.lines().findFirst().orElse(""));
                int from = line.startsWith("root cause:") ? "root cause:".length() : 0;
                String reason = line.substring(line.indexOf(':', from) + 1).trim();
                try (StreamingSqlExecutor executor = ConformanceTest.executor(1)) {
                    executor.executeScript(
                            Files.readString(sql),
                            Map.of(
                                    "DATA",
                                    ConformanceTest.root().resolve("data").toString()),
                            new StreamingSqlExecutor.ScriptListener() {
                                @Override
                                public void onMessage(String text) {}

                                @Override
                                public void onQuery(String statement, io.sabot.runtime.QueryResult result) {
                                    fail(sql.getFileName() + " was accepted: " + statement);
                                }
                            });
                    fail(sql.getFileName() + " was accepted");
                } catch (RuntimeException e) {
                    assertTrue(
                            sql.getFileName() + ": expected Flink's reason '" + reason + "', got: " + e.getMessage(),
                            e.getMessage() != null && e.getMessage().contains(reason));
                }
                checked++;
            }
        }
        assertTrue("no rejected queries found", checked >= 2);
    }
}
