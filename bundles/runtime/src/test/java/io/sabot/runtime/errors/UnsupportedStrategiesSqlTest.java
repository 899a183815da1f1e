package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.FailHandlerFactory;
import io.sabot.errors.basic.internal.RetryHandlerFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.errors.spi.Strategy;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The seed's strategies this version does not implement ({@code DEGRADE}, {@code RESTART_COMPONENT}, {@code
 * MANUAL_INTERVENTION}) are refused through SQL before the job runs, by a message naming {@code error.strategy}, the
 * strategy and the supported ones; a supported one ({@code SKIP}) set the same way runs.
 */
public class UnsupportedStrategiesSqlTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private StreamingSqlExecutor executor(Path input) {
        StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new JsonFormatFactory(),
                        new FailHandlerFactory(),
                        new SkipHandlerFactory(),
                        new RetryHandlerFactory()))
                .build();
        executor.executeDdl("CREATE TABLE orders (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + input
                + "', 'format' = 'json')");
        return executor;
    }

    @Test
    public void unimplementedStrategiesAreRefusedNamingTheOption() throws Exception {
        Path input = temp.newFolder("orders").toPath();
        Files.write(input.resolve("orders.json"), List.of("{\"id\":1}", "{\"id\":", "{\"id\":3}"));
        int refused = 0;
        for (Strategy strategy : Strategy.values()) {
            if (strategy.isSupported()) {
                continue;
            }
            refused++;
            try (StreamingSqlExecutor executor = executor(input)) {
                RuntimeException e = assertThrows(strategy.name(), RuntimeException.class, () -> {
                    executor.executeDdl("SET 'error.strategy' = '" + strategy.name() + "'");
                    executor.executeStreamingSql("SELECT id FROM orders").close();
                });
                String message = e.getMessage();
                assertTrue(message, message.contains("error.strategy"));
                assertTrue(message, message.contains(strategy.name()));
                assertTrue(message, message.contains("not implemented"));
                assertTrue(message, message.contains("SKIP"));
            }
        }
        assertEquals("DEGRADE, RESTART_COMPONENT and MANUAL_INTERVENTION", 3, refused);

        // the same way, a supported strategy runs: SKIP sets the bad line aside
        try (StreamingSqlExecutor executor = executor(input)) {
            executor.executeDdl("SET 'error.strategy' = 'SKIP'");
            long rows = 0;
            try (QueryResult result = executor.executeStreamingSql("SELECT id FROM orders")) {
                for (VectorSchemaRoot batch : result) {
                    rows += batch.getRowCount();
                }
                result.awaitTermination();
                JobInfo info = result.info();
                assertEquals(info.failure().orElse(""), JobInfo.State.FINISHED, info.state());
                assertEquals(1, info.recordsSkipped());
            }
            assertEquals(2, rows);
        }
    }
}
