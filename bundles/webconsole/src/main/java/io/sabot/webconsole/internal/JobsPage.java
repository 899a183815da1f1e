package io.sabot.webconsole.internal;

import static io.sabot.webconsole.internal.JobsConsolePlugin.text;
import static io.sabot.webconsole.internal.PluginsConsolePlugin.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.webconsole.internal.JobsConsolePlugin.Outcome;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The HTML of the jobs page, from the HTTP API's job JSON (docs/http-api.md). Server-rendered, no script: every value
 * is escaped, SQL is shown with secret values masked, and the operator graph is inline SVG.
 */
final class JobsPage {

    private final String base;
    private final String token;
    private final UnaryOperator<String> mask;

    /**
     * @param base the page's own path, e.g. {@code /system/console/sabot-jobs}
     * @param token the forms' anti-forgery token
     * @param mask masks secret option values in SQL text
     */
    JobsPage(String base, String token, UnaryOperator<String> mask) {
        this.base = base;
        this.token = token;
        this.mask = mask;
    }

    void renderList(PrintWriter out, ObjectNode list, Outcome outcome, String restore) {
        out.println("<div id='sabot-jobs'>");
        renderOutcome(out, outcome);
        JsonNode jobs = list.path("jobs");
        long running = 0;
        for (JsonNode job : jobs) {
            running += "RUNNING".equals(text(job, "state")) ? 1 : 0;
        }
        out.println("<p class='statline'>" + jobs.size() + " job(s), " + running + " running. <a href='" + esc(base)
                + "'>Refresh</a></p>");
        out.println("<table class='tablesorter nicetable' id='jobs'><thead><tr><th>Job</th><th>Name</th>"
                + "<th>State</th><th>Rows in</th><th>Rows out</th><th>In/s</th><th>Out/s</th><th>Watermark</th>"
                + "<th>Last checkpoint</th><th>Started</th><th>Actions</th></tr></thead><tbody>");
        if (jobs.isEmpty()) {
            out.println("<tr><td colspan='11' class='empty'>No jobs yet: submit one below.</td></tr>");
        }
        for (JsonNode job : jobs) {
            String id = text(job, "id");
            String state = text(job, "state");
            out.println("<tr class='job' data-job='" + esc(id) + "' data-state='" + esc(state) + "'>"
                    + "<td class='id'><a href='" + esc(jobLink(id)) + "'>" + esc(id) + "</a></td>"
                    + "<td class='name'>" + esc(text(job, "name")) + "</td>"
                    + "<td class='state'>" + esc(state) + failure(job) + "</td>"
                    + "<td class='rows-in'>" + job.path("rowsIn").asLong() + "</td>"
                    + "<td class='rows-out'>" + job.path("rowsOut").asLong() + "</td>"
                    + "<td class='rate-in'>" + rate(job.get("rowsInPerSecond")) + "</td>"
                    + "<td class='rate-out'>" + rate(job.get("rowsOutPerSecond")) + "</td>"
                    + "<td class='watermark'>" + esc(watermark(job)) + "</td>"
                    + "<td class='checkpoint'>" + checkpoint(job.get("lastCheckpoint")) + "</td>"
                    + "<td class='started'>" + esc(text(job, "started")) + "</td>"
                    + "<td class='actions'>");
            if ("RUNNING".equals(state)) {
                renderActions(out, id);
            }
            out.println("</td></tr>");
        }
        out.println("</tbody></table>");
        renderSubmitForm(out, outcome, restore);
        out.println("</div>");
    }

    void renderDetail(PrintWriter out, ObjectNode job, boolean restartable, Outcome outcome) {
        String id = text(job, "id");
        String state = text(job, "state");
        out.println("<div id='sabot-job' data-job='" + esc(id) + "' data-state='" + esc(state) + "'>");
        out.println("<p class='statline'><a href='" + esc(base) + "'>All jobs</a> · <a href='" + esc(jobLink(id))
                + "'>Refresh</a></p>");
        renderOutcome(out, outcome);
        out.println("<h2>" + esc(id) + (text(job, "name") == null ? "" : " (" + esc(text(job, "name")) + ")")
                + ": <span class='state'>" + esc(state) + "</span></h2>");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Started", text(job, "started"));
        facts.put("Ended", text(job, "ended"));
        facts.put("Failure", mask.apply(text(job, "failure")));
        facts.put("Rows in", job.path("rowsIn").asText());
        facts.put("Rows out", job.path("rowsOut").asText());
        facts.put("Rows in per second (1 min)", rate(job.get("rowsInPerSecond")));
        facts.put("Rows out per second (1 min)", rate(job.get("rowsOutPerSecond")));
        facts.put("Watermark", watermark(job));
        facts.put("Late rows dropped", job.path("lateRowsDropped").asText());
        facts.put(
                "Records skipped / dead-lettered",
                job.path("recordsSkipped").asText() + " / "
                        + job.path("recordsDeadLettered").asText());
        facts.put("Retries", job.path("retries").asText());
        facts.put(
                "Checkpoints completed / failed",
                job.path("checkpointsCompleted").asText() + " / "
                        + job.path("checkpointsFailed").asText());
        facts.put("Metrics prefix", text(job, "metricsPrefix"));
        out.println("<table class='nicetable' id='job-facts'>");
        facts.forEach((k, v) -> {
            if (v != null) {
                out.println("<tr><th>" + esc(k) + "</th><td>" + esc(v) + "</td></tr>");
            }
        });
        out.println("<tr><th>Last checkpoint</th><td class='checkpoint'>" + checkpoint(job.get("lastCheckpoint"))
                + "</td></tr>");
        out.println("</table>");
        if ("RUNNING".equals(state)) {
            out.println("<div class='actions'>");
            renderActions(out, id);
            out.println("</div>");
        } else {
            renderRestart(out, id, job.get("lastCheckpoint"), restartable);
        }
        out.println("<h3>SQL</h3><pre class='sql'>" + esc(mask.apply(text(job, "sql"))) + "</pre>");
        JsonNode operators = job.path("operators");
        out.println("<h3>Operator graph</h3>");
        if (operators.isEmpty()) {
            out.println("<p class='empty'>The job is not running: its operators' metrics are gone (the plan below"
                    + " shows its operators).</p>");
        } else {
            renderGraph(out, operators);
            renderOperatorMetrics(out, operators);
        }
        out.println("<h3>Plan</h3><pre class='plan'>" + esc(mask.apply(text(job, "plan"))) + "</pre>");
        out.println("</div>");
    }

    void renderMissing(PrintWriter out, String job, String message, Outcome outcome) {
        out.println("<div id='sabot-job'>");
        renderOutcome(out, outcome);
        out.println("<p class='error'>" + esc(message) + ". <a href='" + esc(base) + "'>All jobs</a></p>");
        out.println("</div>");
    }

    private void renderOutcome(PrintWriter out, Outcome outcome) {
        if (outcome == null) {
            return;
        }
        out.println("<div id='outcome' class='" + (outcome.error() ? "error ui-state-error" : "ok ui-state-highlight")
                + "' style='padding:0.5em;margin:0.5em 0'><pre style='white-space:pre-wrap;margin:0'>"
                + esc(outcome.message()) + "</pre>");
        if (outcome.sqlError() != null && outcome.form() != null) {
            String[] lines = mask.apply(outcome.form().script()).split("\r?\n", -1);
            int line = outcome.sqlError().line();
            if (line >= 1 && line <= lines.length) {
                int column = Math.max(1, outcome.sqlError().column());
                out.println("<pre class='sql-error-at'>line " + line + ", column " + column + ":\n"
                        + esc(lines[line - 1]) + "\n" + " ".repeat(column - 1) + "^</pre>");
            }
        }
        out.println("</div>");
    }

    private void renderActions(PrintWriter out, String id) {
        for (String[] action : List.of(
                new String[] {"savepoint", "Savepoint", "Take a savepoint and wait until it is durable"},
                new String[] {"stop", "Stop", "Stop with a savepoint"},
                new String[] {"cancel", "Cancel", "Cancel without a savepoint"})) {
            out.print(form() + hidden("action", action[0]) + hidden("job", id)
                    + "<button type='submit' class='ui-button' name='do' value='" + action[0] + "' title='"
                    + esc(action[2]) + "'>" + action[1] + "</button></form>");
        }
    }

    private void renderRestart(PrintWriter out, String id, JsonNode checkpoint, boolean restartable) {
        String path = checkpoint == null
                        || checkpoint.isNull()
                        || !checkpoint.path("savepoint").asBoolean()
                ? ""
                : checkpoint.path("path").asText();
        out.println("<h3>Restart from a savepoint</h3>");
        if (restartable) {
            out.println(form() + hidden("action", "restart") + hidden("job", id)
                    + "<label>Savepoint <input type='text' name='savepoint' size='80' value='" + esc(path) + "'/>"
                    + "</label> <button type='submit' class='ui-button' name='do' value='restart'>Restart</button>"
                    + "</form>");
        } else {
            out.println("<p>This job was not submitted from this page, so its script is not known here: submit the"
                    + " script again <a href='" + esc(base + "?restore=" + url(path)) + "'>with this savepoint</a>."
                    + "</p>");
        }
    }

    private void renderSubmitForm(PrintWriter out, Outcome outcome, String restore) {
        JobsConsolePlugin.Submission form = outcome == null ? null : outcome.form();
        String sql = form == null ? "" : mask.apply(form.script());
        String name = form == null || form.name() == null ? "" : form.name();
        String from = form != null && form.restoreFrom() != null ? form.restoreFrom() : restore == null ? "" : restore;
        out.println("<h2 id='submit'>Submit a SQL job</h2>");
        if (form != null && !sql.equals(form.script())) {
            out.println("<p class='note'>Secret option values are masked: type them again before submitting.</p>");
        }
        out.println(form() + hidden("action", "submit")
                + "<p><textarea name='sql' id='sql' rows='12' cols='110' spellcheck='false' placeholder='"
                + "CREATE TABLE …; INSERT INTO … SELECT …;'>" + esc(sql) + "</textarea></p>"
                + "<p><label>Name (pipeline.name, optional) <input type='text' name='name' id='job-name' value='"
                + esc(name) + "'/></label> <label>Start from savepoint (optional) <input type='text' name='restore'"
                + " id='restore' size='60' value='" + esc(from) + "'/></label></p>"
                + "<p><button type='submit' class='ui-button' id='submit-job' name='do' value='submit'>Submit</button>"
                + "</p></form>");
        out.println("<p><small>Each <code>INSERT INTO</code> of the script starts a job (all or none); a"
                + " <code>SELECT</code> is refused. Errors name the line and column.</small></p>");
    }

    /** Stages as columns, each stage's operators top to bottom in chain order; exchanges link the stages. */
    private static void renderGraph(PrintWriter out, JsonNode operators) {
        Map<Integer, List<JsonNode>> stages = new LinkedHashMap<>();
        for (JsonNode op : operators) {
            int stage = op.path("stage").isNull() ? -1 : op.path("stage").asInt();
            stages.computeIfAbsent(stage, k -> new ArrayList<>()).add(op);
        }
        int width = 250;
        int height = 56;
        int gapX = 60;
        int gapY = 30;
        int rows = stages.values().stream().mapToInt(List::size).max().orElse(1);
        int svgWidth = stages.size() * (width + gapX);
        int svgHeight = rows * (height + gapY) + 30;
        out.println("<svg id='operator-graph' xmlns='http://www.w3.org/2000/svg' width='" + svgWidth + "' height='"
                + svgHeight + "' font-family='sans-serif' font-size='12'>"
                + "<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='8' markerHeight='8'"
                + " orient='auto'><path d='M0,0 L10,5 L0,10 z' fill='#555'/></marker></defs>");
        int column = 0;
        int[] previousEnd = null;
        for (Map.Entry<Integer, List<JsonNode>> stage : stages.entrySet()) {
            int x = 10 + column * (width + gapX);
            out.println("<text x='" + x + "' y='14' font-weight='bold'>stage "
                    + (stage.getKey() < 0 ? "?" : stage.getKey()) + "</text>");
            int row = 0;
            for (JsonNode op : stage.getValue()) {
                int y = 24 + row * (height + gapY);
                String kind = text(op, "kind");
                String fill = "source".equals(kind) ? "#dbeafe" : "sink".equals(kind) ? "#dcfce7" : "#f3f4f6";
                String id = text(op, "id");
                out.println("<g class='operator' data-operator='" + esc(id) + "'><title>" + esc(id) + "</title>"
                        + "<rect x='" + x + "' y='" + y + "' width='" + width + "' height='" + height
                        + "' rx='6' fill='" + fill + "' stroke='#555'/>"
                        + "<text x='" + (x + 8) + "' y='" + (y + 18) + "' font-weight='bold'>"
                        + esc(abbreviate(id, 34)) + "</text>"
                        + "<text x='" + (x + 8) + "' y='" + (y + 36) + "'>" + esc(kind) + " ×"
                        + op.path("parallelism").asInt() + "</text>"
                        + "<text x='" + (x + 8) + "' y='" + (y + 50) + "'>in "
                        + op.path("recordsIn").asLong()
                        + " · out " + op.path("recordsOut").asLong() + "</text></g>");
                if (row > 0) {
                    arrow(out, x + width / 2, y - gapY, x + width / 2, y, false);
                } else if (previousEnd != null) {
                    arrow(out, previousEnd[0], previousEnd[1], x, y + height / 2, true);
                }
                row++;
                previousEnd = new int[] {x + width, y + height / 2};
            }
            column++;
        }
        out.println("</svg>");
    }

    private static void arrow(PrintWriter out, int x1, int y1, int x2, int y2, boolean exchange) {
        out.println("<line x1='" + x1 + "' y1='" + y1 + "' x2='" + x2 + "' y2='" + y2 + "' stroke='#555'"
                + (exchange ? " stroke-dasharray='5,3'" : "") + " marker-end='url(#arrow)'/>");
    }

    private static void renderOperatorMetrics(PrintWriter out, JsonNode operators) {
        out.println("<h3>Operator metrics</h3>");
        out.println("<table class='nicetable' id='operator-metrics'><thead><tr><th>Operator</th><th>Subtask</th>"
                + "<th>Metrics</th></tr></thead><tbody>");
        for (JsonNode op : operators) {
            for (JsonNode subtask : op.path("subtasks")) {
                out.print("<tr class='operator-metrics' data-operator='" + esc(text(op, "id")) + "'><td>"
                        + esc(text(op, "id")) + "</td><td>"
                        + subtask.path("subtask").asInt() + "</td><td>");
                List<String> values = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                subtask.path("metrics").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = it.next();
                    values.add("<code>" + esc(m.getKey()) + "</code> " + esc(metric(m.getValue())));
                }
                out.println(String.join("<br/>", values) + "</td></tr>");
            }
        }
        out.println("</tbody></table>");
    }

    /** A metric's JSON value as one short line. */
    static String metric(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.has("oneMinuteRate")) {
            return value.path("count").asText() + " (" + rate(value.get("oneMinuteRate")) + "/s)";
        }
        if (value.has("p50")) {
            return "n=" + value.path("count").asText() + " p50="
                    + value.path("p50").asText() + " p99=" + value.path("p99").asText() + " max="
                    + value.path("max").asText();
        }
        if (value.isIntegralNumber() && value.asLong() == Long.MIN_VALUE) {
            return "none"; // a watermark gauge before the first watermark
        }
        return value.asText();
    }

    private static String rate(JsonNode value) {
        return value == null || value.isNull() ? "" : String.format(Locale.ROOT, "%.1f", value.asDouble());
    }

    private static String watermark(JsonNode job) {
        if (job.path("watermarkFinal").asBoolean()) {
            return "end of input";
        }
        String wm = text(job, "watermark");
        return wm == null ? "" : wm;
    }

    private String failure(JsonNode job) {
        String failure = text(job, "failure");
        return failure == null ? "" : "<br/><small class='failure'>" + esc(mask.apply(failure)) + "</small>";
    }

    private static String checkpoint(JsonNode c) {
        if (c == null || c.isNull()) {
            return "";
        }
        return (c.path("savepoint").asBoolean() ? "savepoint " : "checkpoint ")
                + c.path("id").asLong() + " at "
                + esc(c.path("completed").asText()) + "<br/><small class='path'>"
                + esc(c.path("path").asText())
                + "</small>";
    }

    private String form() {
        return "<form method='post' action='" + esc(base) + "' style='display:inline'>" + hidden("token", token);
    }

    private static String hidden(String name, String value) {
        return "<input type='hidden' name='" + esc(name) + "' value='" + esc(value) + "'/>";
    }

    private String jobLink(String id) {
        return base + "?job=" + url(id);
    }

    private static String url(String text) {
        return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
