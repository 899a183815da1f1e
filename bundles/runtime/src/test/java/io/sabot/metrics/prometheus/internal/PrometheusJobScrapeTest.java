package io.sabot.metrics.prometheus.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.MetricFilter;
import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.errors.basic.internal.SkipHandlerFactory;
import io.sabot.format.json.internal.JsonFormatFactory;
import io.sabot.metrics.spi.testing.ExpositionParser;
import io.sabot.metrics.spi.testing.ExpositionParser.Exposition;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The prometheus exporter's exposition of a real job (what its servlet answers a scrape with), read by the strict
 * text-format parser: a job reads 2 JSON files (one line of which does not decode and is skipped) into a blackhole
 * sink at parallelism 2, and keeps running (the source monitors its directory). Once every row is through, the scrape
 * says the source read every good line ({@code sabot_records_in_total}), the sink received and wrote exactly those
 * rows ({@code sabot_records_in_total}, {@code sabot_records_out_total}), the same as {@code JobInfo}, and counts the
 * bad line as one {@code CONNECTOR} error. Lives in the exporter's package to call its exposition without an HTTP
 * service (the Pax Exam MetricsExportersIT scrapes the servlet over HTTP).
 */
public class PrometheusJobScrapeTest {

    /** The source's subtasks (a source's records-in is also exported per split, with a {@code split} label). */
    private static final Pattern SOURCE = Pattern.compile(".*operator=\"s\\d+-source-default_orders\",subtask=.*");

    private static final Pattern SOURCE_SPLITS =
            Pattern.compile(".*operator=\"s\\d+-source-default_orders\",split=\"[^\"]+\",subtask=.*");
    private static final String JOB = "job=\"scraped\",node=\"n1\",tenant=\"default\"";

    private static final Pattern SINK = Pattern.compile(".*operator=\"s\\d+-\\d+-sink_default_counted_\".*");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aScrapeOfARunningJobCountsItsRows() throws Exception {
        Path input = temp.newFolder("orders").toPath();
        long good = 0;
        for (int file = 0; file < 2; file++) {
            List<String> lines = new ArrayList<>();
            for (long id = file * 1500L; id < (file + 1) * 1500L; id++) {
                if (id == 777) {
                    lines.add("{\"id\": 777, \"qty\": "); // does not decode
                } else {
                    lines.add("{\"id\":" + id + ",\"qty\":" + id % 7 + "}");
                    good++;
                }
            }
            Files.write(input.resolve("orders-" + file + ".json"), lines);
        }
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(
                        new FileSystemTableFactory(),
                        new JsonFormatFactory(),
                        new BlackholeSinkFactory(),
                        new SkipHandlerFactory()))
                .build()) {
            executor.executeDdl("CREATE TABLE orders (id BIGINT, qty INT) WITH ('connector' = 'filesystem', 'path' = '"
                    + input + "', 'format' = 'json', 'source.monitor-interval' = '200 ms', 'error.handler' = 'skip');"
                    + " CREATE TABLE counted (id BIGINT, q INT) WITH ('connector' = 'blackhole');"
                    + " SET 'pipeline.name' = 'scraped';");
            try (QueryResult result =
                    executor.executeStreamingSql("INSERT INTO counted SELECT id, qty * 2 FROM orders")) {
                Exposition scrape = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    JobInfo info = result.info();
                    assertEquals(info.failure().orElse(""), JobInfo.State.RUNNING, info.state());
                    scrape = ExpositionParser.parse(
                            PrometheusExposition.write(executor.metricRegistry(), MetricFilter.ALL, "n1"));
                    // the split series too: the clean-clone CI once scraped none of them, though the source's
                    // subtasks had counted every row (not reproduced; waiting shows whether they come late or never)
                    // and the error: the final CI once scraped every row but errors_total still 0 (the skip of
                    // the bad record is counted apart from the rows; a scrape may fall between the two)
                    if (sum(scrape, "sabot_records_out_total", SINK) >= good
                            && scrape.samples().getOrDefault("sabot_errors_total{" + JOB + "}", 0.0) >= 1
                            && scrape.samples().keySet().stream()
                                    .anyMatch(k -> k.startsWith("sabot_records_in_total{")
                                            && SOURCE_SPLITS.matcher(k).matches())) {
                        break;
                    }
                    Thread.sleep(50);
                }
                JobInfo info = result.info();
                assertEquals("rows read by the source", good, sum(scrape, "sabot_records_in_total", SOURCE), 0);
                assertEquals("rows read, by split", good, sum(scrape, "sabot_records_in_total", SOURCE_SPLITS), 0);
                assertEquals("rows into the sink", good, sum(scrape, "sabot_records_in_total", SINK), 0);
                assertEquals("rows the sink wrote", good, sum(scrape, "sabot_records_out_total", SINK), 0);
                assertEquals(good, info.rowsIn());
                assertEquals(good, info.rowsOut());
                String job = JOB;
                assertEquals(1, scrape.value("sabot_errors_total{" + job + "}"), 0);
                assertEquals(1, scrape.value("sabot_errors_by_type_total{" + job + ",type=\"CONNECTOR\"}"), 0);
                assertEquals(0, scrape.value("sabot_errors_by_type_total{" + job + ",type=\"OPERATOR\"}"), 0);
                assertEquals(1, scrape.value("sabot_records_skipped_total{" + job + "}"), 0);
                result.cancel();
            }
        }
    }

    /** The sum of family {@code family}'s samples whose series matches {@code series}; fails if there is none. */
    private static double sum(Exposition scrape, String family, Pattern series) {
        double sum = 0;
        int samples = 0;
        for (Map.Entry<String, Double> sample : scrape.samples().entrySet()) {
            if (sample.getKey().startsWith(family + "{")
                    && series.matcher(sample.getKey()).matches()) {
                sum += sample.getValue();
                samples++;
            }
        }
        assertTrue(
                "no " + family + " matching " + series + " in "
                        + scrape.samples().keySet(),
                samples > 0);
        return sum;
    }
}
