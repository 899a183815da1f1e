package io.sabot.api.http.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.metrics.spi.MetricName;
import io.sabot.runtime.JobDetails;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.SavepointInfo;
import io.sabot.runtime.Secrets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON of jobs and savepoints, as docs/http-api.md shows it. */
final class JobJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    static final String MASK = Secrets.MASK;

    private JobJson() {}

    /** The job's id as the API uses it: the registry id's first word ({@code job-3}). */
    static String id(JobInfo info) {
        return info.id().split(" ")[0];
    }

    /**
     * One job: the list's fields; with {@code detail}, also the plan and every operator's metrics.
     *
     * @param metrics the node's registry, or null
     * @param secretKeys option keys that plug-ins declare secret: their values are masked in the SQL
     */
    static ObjectNode job(JobDetails job, MetricRegistry metrics, Set<String> secretKeys, boolean detail) {
        JobInfo info = job.info();
        ObjectNode out = JSON.objectNode();
        out.put("id", id(info));
        out.put("name", job.pipelineName().orElse(null));
        out.put("state", info.state().name());
        out.put("sql", maskSecrets(info.sql(), secretKeys));
        out.put("started", info.started().toString());
        out.put("ended", info.ended().map(Instant::toString).orElse(null));
        out.put("failure", info.failure().map(f -> maskSecrets(f, secretKeys)).orElse(null));
        out.put("rowsIn", info.rowsIn());
        out.put("rowsOut", info.rowsOut());
        Map<String, Map<Integer, Map<String, Metric>>> operators = operatorMetrics(job, metrics);
        double inRate = 0;
        double outRate = 0;
        for (Map.Entry<String, Map<Integer, Map<String, Metric>>> op : operators.entrySet()) {
            String kind = kind(op.getKey());
            for (Map<String, Metric> subtask : op.getValue().values()) {
                if (kind.equals("source") && subtask.get("records-in") instanceof Meter m) {
                    inRate += m.getOneMinuteRate();
                }
                if (kind.equals("sink") && subtask.get("records-out") instanceof Meter m) {
                    outRate += m.getOneMinuteRate();
                }
            }
        }
        boolean rates = !operators.isEmpty();
        out.put("rowsInPerSecond", rates ? round(inRate) : null);
        out.put("rowsOutPerSecond", rates ? round(outRate) : null);
        long wm = job.watermark();
        out.put(
                "watermark",
                wm == Long.MIN_VALUE || wm == Long.MAX_VALUE
                        ? null
                        : Instant.ofEpochMilli(wm).toString());
        if (wm == Long.MAX_VALUE) {
            out.put("watermarkFinal", true);
        }
        out.put("lateRowsDropped", info.lateRowsDropped());
        out.put("recordsSkipped", info.recordsSkipped());
        out.put("recordsDeadLettered", info.recordsDeadLettered());
        out.put("retries", info.retries());
        out.put("checkpointsCompleted", info.checkpointsCompleted());
        out.put("checkpointsFailed", info.checkpointsFailed());
        out.set("lastCheckpoint", info.lastCheckpoint().map(JobJson::checkpoint).orElse(null));
        if (detail) {
            out.put("plan", job.plan());
            out.put("metricsPrefix", job.metricsPrefix().orElse(null));
            ArrayNode ops = out.putArray("operators");
            operators.forEach((id, subtasks) -> ops.add(operator(id, subtasks)));
        }
        return out;
    }

    static ObjectNode checkpoint(JobInfo.Checkpoint c) {
        ObjectNode out = JSON.objectNode();
        out.put("id", c.id());
        out.put("savepoint", c.savepoint());
        out.put("path", c.path());
        out.put("completed", c.completedAt().toString());
        out.put("durationMs", c.durationMillis());
        out.put("sizeBytes", c.sizeBytes());
        out.put("alignmentMs", c.alignmentMillis());
        return out;
    }

    static ObjectNode savepoint(SavepointInfo s) {
        ObjectNode out = JSON.objectNode();
        out.put("job", s.jobId().split(" ")[0]);
        out.put("id", s.checkpointId());
        out.put("path", s.path().toString());
        out.put("triggered", s.triggeredAt().toString());
        out.put("durationMs", s.durationMillis());
        out.put("sizeBytes", s.sizeBytes());
        out.put("stopped", s.stopped());
        return out;
    }

    /** The job's operator metrics: operator id, then subtask, then metric name; sorted. */
    private static Map<String, Map<Integer, Map<String, Metric>>> operatorMetrics(
            JobDetails job, MetricRegistry metrics) {
        Map<String, Map<Integer, Map<String, Metric>>> out = new TreeMap<>(JobJson::graphOrder);
        if (metrics == null || job.metricsPrefix().isEmpty() || job.info().state() != JobInfo.State.RUNNING) {
            return out; // an ended job's metrics are gone; another job may have its name now
        }
        String prefix = job.metricsPrefix().get() + ".";
        metrics.getMetrics().forEach((name, metric) -> {
            if (!name.startsWith(prefix)) {
                return;
            }
            MetricName.tryParse(name).ifPresent(n -> {
                if (n.operator() != null && n.subtask() >= 0 && n.split() == null) {
                    out.computeIfAbsent(n.operator(), k -> new TreeMap<>())
                            .computeIfAbsent(n.subtask(), k -> new TreeMap<>())
                            .put(n.metric(), metric);
                }
            });
        });
        return out;
    }

    private static ObjectNode operator(String id, Map<Integer, Map<String, Metric>> subtasks) {
        ObjectNode out = JSON.objectNode();
        out.put("id", id);
        Matcher stage = Pattern.compile("s(\\d+)-.*").matcher(id);
        out.put("stage", stage.matches() ? Integer.parseInt(stage.group(1)) : null);
        out.put("kind", kind(id));
        out.put("parallelism", subtasks.size());
        long in = 0;
        long outRows = 0;
        ArrayNode list = JSON.arrayNode();
        for (Map.Entry<Integer, Map<String, Metric>> subtask : subtasks.entrySet()) {
            ObjectNode s = list.addObject();
            s.put("subtask", subtask.getKey());
            ObjectNode values = s.putObject("metrics");
            subtask.getValue().forEach((name, metric) -> values.set(name, value(metric)));
            if (subtask.getValue().get("records-in") instanceof Meter m) {
                in += m.getCount();
            }
            if (subtask.getValue().get("records-out") instanceof Meter m) {
                outRows += m.getCount();
            }
        }
        out.put("recordsIn", in);
        out.put("recordsOut", outRows);
        out.set("subtasks", list);
        return out;
    }

    private static final Pattern OPERATOR_ID = Pattern.compile("s(\\d+)-(source-.*|(\\d+)-.*)");

    /** Stage by stage, each stage's source first, then its operators in chain order. */
    static int graphOrder(String a, String b) {
        Matcher x = OPERATOR_ID.matcher(a);
        Matcher y = OPERATOR_ID.matcher(b);
        if (!x.matches() || !y.matches()) {
            return a.compareTo(b);
        }
        int c = Long.compare(Long.parseLong(x.group(1)), Long.parseLong(y.group(1)));
        if (c == 0) {
            c = Long.compare(
                    x.group(3) == null ? -1 : Long.parseLong(x.group(3)),
                    y.group(3) == null ? -1 : Long.parseLong(y.group(3)));
        }
        return c != 0 ? c : a.compareTo(b);
    }

    /** {@code source}, {@code sink} or {@code operator}, from the operator's id ({@code s0-source-default_bid}). */
    static String kind(String operatorId) {
        if (operatorId.matches("s\\d+-source-.*")) {
            return "source";
        }
        if (operatorId.matches("s\\d+-\\d+-sink.*")) {
            return "sink";
        }
        return "operator";
    }

    private static com.fasterxml.jackson.databind.JsonNode value(Metric metric) {
        if (metric instanceof Meter m) {
            ObjectNode out = JSON.objectNode();
            out.put("count", m.getCount());
            out.put("oneMinuteRate", round(m.getOneMinuteRate()));
            return out;
        }
        if (metric instanceof Counter c) {
            return JSON.numberNode(c.getCount());
        }
        if (metric instanceof Timer t) {
            return snapshot(t.getCount(), t.getSnapshot());
        }
        if (metric instanceof Histogram h) {
            return snapshot(h.getCount(), h.getSnapshot());
        }
        if (metric instanceof Gauge<?> g) {
            Object v;
            try {
                v = g.getValue();
            } catch (RuntimeException e) {
                return JSON.nullNode();
            }
            if (v instanceof Long l) {
                return JSON.numberNode(l);
            }
            if (v instanceof Integer i) {
                return JSON.numberNode(i);
            }
            if (v instanceof Number n) {
                return JSON.numberNode(round(n.doubleValue()));
            }
            return v == null ? JSON.nullNode() : JSON.textNode(String.valueOf(v));
        }
        return JSON.nullNode();
    }

    private static ObjectNode snapshot(long count, Snapshot s) {
        ObjectNode out = JSON.objectNode();
        out.put("count", count);
        out.put("p50", round(s.getMedian()));
        out.put("p99", round(s.getValue(0.99)));
        out.put("max", s.getMax());
        return out;
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1000) / 1000.0 : 0;
    }

    /** The values of secret options replaced by {@value #MASK}: {@link Secrets#maskOptions}, the one masker. */
    static String maskSecrets(String sql, Set<String> secretKeys) {
        return Secrets.maskOptions(sql, secretKeys);
    }
}
