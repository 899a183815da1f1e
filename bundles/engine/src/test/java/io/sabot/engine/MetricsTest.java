package io.sabot.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricRegistryListener;
import com.codahale.metrics.Timer;
import io.sabot.metrics.spi.MetricName;
import io.sabot.metrics.spi.MetricScope;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.QueryPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.Test;

/**
 * A real job records its metrics in the registry of its options under the StandardMetric names, with values that
 * match what it processed, and removes every one of them when it ends.
 */
public class MetricsTest {

    /** Every Sabot metric the registry saw added, by name (kept after removal), and the names removed. */
    static final class Recorder extends MetricRegistryListener.Base {
        final Map<String, Metric> added = new ConcurrentHashMap<>();
        final List<String> removed = java.util.Collections.synchronizedList(new ArrayList<>());

        private void add(String name, Metric metric) {
            added.put(name, metric);
        }

        @Override
        public void onGaugeAdded(String name, Gauge<?> gauge) {
            add(name, gauge);
        }

        @Override
        public void onCounterAdded(String name, Counter counter) {
            add(name, counter);
        }

        @Override
        public void onHistogramAdded(String name, Histogram histogram) {
            add(name, histogram);
        }

        @Override
        public void onMeterAdded(String name, Meter meter) {
            add(name, meter);
        }

        @Override
        public void onTimerAdded(String name, Timer timer) {
            add(name, timer);
        }

        @Override
        public void onGaugeRemoved(String name) {
            removed.add(name);
        }

        @Override
        public void onCounterRemoved(String name) {
            removed.add(name);
        }

        @Override
        public void onHistogramRemoved(String name) {
            removed.add(name);
        }

        @Override
        public void onMeterRemoved(String name) {
            removed.add(name);
        }

        @Override
        public void onTimerRemoved(String name) {
            removed.add(name);
        }

        /** The metrics named {@code metric} whose operator segment passes {@code operator}, in scope {@code scope}. */
        List<Metric> find(MetricScope scope, StandardMetric metric, Predicate<String> operator) {
            List<Metric> out = new ArrayList<>();
            added.forEach((name, m) -> {
                MetricName parsed = MetricName.parse(name);
                if (parsed.scope() == scope
                        && parsed.metric().equals(metric.metricName())
                        && (parsed.operator() == null || operator.test(parsed.operator()))) {
                    out.add(m);
                }
            });
            return out;
        }

        long sumCounts(MetricScope scope, StandardMetric metric, Predicate<String> operator) {
            long sum = 0;
            for (Metric m : find(scope, metric, operator)) {
                sum += m instanceof Meter meter ? meter.getCount() : ((Counter) m).getCount();
            }
            return sum;
        }
    }

    @Test
    public void aWindowJobRecordsRowsSplitsWatermarksAndLateRowsThenRemovesItsMetrics() throws Exception {
        LateDataTest.registerOneSplit("metrics-late");
        QueryPlan plan = LateDataTest.tumble("metrics-late", LatePolicy.DROP);
        MetricRegistry registry = new MetricRegistry();
        Recorder recorder = new Recorder();
        registry.addListener(recorder);
        try (EngineHarness harness = new EngineHarness()) {
            Job job = harness.engine()
                    .submit(plan, JobOptions.DEFAULT.withMetrics(new MetricsConfig(registry, "acme", "late.job")));
            List<List<Object>> rows = EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(JobStatus.FINISHED, job.termination().get(10, TimeUnit.SECONDS));

            // every name is in the scheme, with the sanitised job segment
            for (String name : recorder.added.keySet()) {
                MetricName parsed = MetricName.parse(name);
                assertEquals(name, "acme", parsed.tenant());
                assertEquals(name, "late_job", parsed.job());
                assertTrue(
                        name,
                        StandardMetric.forMetricName(parsed.metric()) != null
                                || StandardMetric.forLabelledName(parsed.metric())
                                        .isPresent());
            }
            Predicate<String> source = op -> op.contains("-source-");
            Predicate<String> window = op -> op.endsWith("windowaggregate");
            Predicate<String> collect = op -> op.endsWith("collect");
            // 8 rows in one split, read by the source subtask (parallelism 1: the late rows are deterministic)
            assertEquals(8, job.metrics().rowsIn());
            assertEquals(8, recorder.sumCounts(MetricScope.TASK, StandardMetric.RECORDS_IN, source));
            assertEquals(8, recorder.sumCounts(MetricScope.SPLIT, StandardMetric.RECORDS_IN, source));
            assertEquals(
                    1,
                    recorder.find(MetricScope.TASK, StandardMetric.RECORDS_IN, source)
                            .size());
            assertTrue(recorder.sumCounts(MetricScope.SPLIT, StandardMetric.BYTES_IN, source) > 0);
            // the window operator received all 8 and dropped 4 as late
            assertEquals(8, recorder.sumCounts(MetricScope.TASK, StandardMetric.RECORDS_IN, window));
            assertEquals(4, job.metrics().lateRowsDropped());
            assertEquals(4, recorder.sumCounts(MetricScope.TASK, StandardMetric.LATE_RECORDS, window));
            assertEquals(rows.size(), recorder.sumCounts(MetricScope.TASK, StandardMetric.RECORDS_OUT, window));
            // results delivered = records out of the collecting operator = the job's rows out
            assertEquals(4, rows.size());
            assertEquals(rows.size(), recorder.sumCounts(MetricScope.TASK, StandardMetric.RECORDS_OUT, collect));
            assertEquals(rows.size(), job.metrics().rowsOut());
            long histogramCount = 0;
            for (Metric m : recorder.find(MetricScope.TASK, StandardMetric.BATCH_SIZE, window)) {
                histogramCount += ((Histogram) m).getCount();
            }
            assertTrue("batches seen by the window operator: " + histogramCount, histogramCount > 0);
            // the split's watermark reached its largest timestamp (25 s) minus the 1 s delay
            List<Metric> splitWatermarks = recorder.find(MetricScope.SPLIT, StandardMetric.WATERMARK, source);
            assertEquals(1, splitWatermarks.size());
            assertEquals(WindowAggregateTest.t("00:00:24"), ((Gauge<?>) splitWatermarks.get(0)).getValue());
            // the window operators saw the final watermark
            for (Metric m : recorder.find(MetricScope.TASK, StandardMetric.WATERMARK, window)) {
                assertEquals(Long.MAX_VALUE, ((Gauge<?>) m).getValue());
            }
            assertEquals(Long.MAX_VALUE, job.watermark());
            assertFalse(recorder.find(MetricScope.JOB, StandardMetric.UPTIME, op -> true)
                    .isEmpty());

            // the job's end removed every metric it registered
            assertTrue(registry.getNames().toString(), registry.getNames().isEmpty());
            assertEquals(recorder.added.keySet(), new java.util.HashSet<>(recorder.removed));
        }
    }

    @Test
    public void aJobWithoutMetricsOptionsRegistersNothingAndStillCounts() throws Exception {
        LateDataTest.registerOneSplit("metrics-none");
        QueryPlan plan = LateDataTest.tumble("metrics-none", LatePolicy.DROP);
        try (EngineHarness harness = new EngineHarness()) {
            Job job = harness.engine().submit(plan);
            EngineHarness.collect(job, plan);
            assertEquals(JobStatus.FINISHED, job.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(8, job.metrics().rowsIn());
            assertEquals(4, job.metrics().lateRowsDropped());
        }
    }
}
