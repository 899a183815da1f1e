package io.sabot.runtime.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistryListener;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.errors.spi.ErrorType;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Errors by type: a JSON file with lines that do not decode (CONNECTOR failures of the filesystem source) and
 * quantities a {@code CAST} fails on (OPERATOR failures of the projection), both skipped. The job's {@code
 * errors-by-type-connector} and {@code errors-by-type-operator} counters equal the numbers of each kind, the other
 * types stay 0, and {@code errors} is their sum. Real filesystem, json and skip plug-ins.
 */
public class ErrorsByTypeTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void decodeAndExpressionFailuresAreCountedByType() throws Exception {
        Path input = temp.newFolder("orders").toPath();
        List<String> lines = new ArrayList<>();
        long undecodable = 0;
        long uncastable = 0;
        long good = 0;
        for (long id = 0; id < 600; id++) {
            if (id % 20 == 3) {
                lines.add("{\"id\":" + id + ",\"qty\":"); // truncated JSON
                undecodable++;
            } else if (id % 13 == 6) {
                lines.add("{\"id\":" + id + ",\"qty\":\"twelve\"}");
                uncastable++;
            } else {
                lines.add("{\"id\":" + id + ",\"qty\":\"" + id % 97 + "\"}");
                good++;
            }
        }
        Files.write(input.resolve("orders.json"), lines);

        Map<String, Counter> counters = new ConcurrentHashMap<>();
        long rows = 0;
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(1)
                .plugins(List.of(new FileSystemTableFactory(), new JsonFormatFactory(), new SkipHandlerFactory()))
                .build()) {
            // the job's counters are removed when it ends: keep the objects as they are registered
            executor.metricRegistry().addListener(new MetricRegistryListener.Base() {
                @Override
                public void onCounterAdded(String name, Counter counter) {
                    counters.put(name, counter);
                }
            });
            executor.executeDdl("CREATE TABLE orders (id BIGINT, qty STRING) WITH ('connector' = 'filesystem',"
                    + " 'path' = '" + input + "', 'format' = 'json');"
                    + " SET 'error.handler' = 'skip'; SET 'pipeline.name' = 'typed';");
            try (QueryResult result =
                    executor.executeStreamingSql("SELECT id, CAST(qty AS INT) * 2 AS q2 FROM orders")) {
                for (VectorSchemaRoot batch : result) {
                    rows += batch.getRowCount();
                }
                result.awaitTermination();
                JobInfo info = result.info();
                assertEquals(info.failure().orElse(""), JobInfo.State.FINISHED, info.state());
                assertEquals(undecodable + uncastable, info.recordsSkipped());
            }
        }
        assertEquals(good, rows);
        for (ErrorType type : ErrorType.values()) {
            String name = "sabot.default.typed." + StandardMetric.ERRORS_BY_TYPE.metricName(type.name());
            Counter counter = counters.get(name);
            assertNotNull(name + " was not registered; counters: " + counters.keySet(), counter);
            long expected =
                    switch (type) {
                        case CONNECTOR -> undecodable;
                        case OPERATOR -> uncastable;
                        default -> 0;
                    };
            assertEquals(name, expected, counter.getCount());
        }
        Counter errors = counters.get("sabot.default.typed.errors");
        assertNotNull(errors);
        assertEquals(undecodable + uncastable, errors.getCount());
        assertTrue(undecodable > 0 && uncastable > 0);
    }
}
