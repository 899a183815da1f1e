package io.sabot.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.webconsole.internal.JobsConsolePlugin.Outcome;
import io.sabot.webconsole.internal.JobsConsolePlugin.SqlError;
import io.sabot.webconsole.internal.JobsConsolePlugin.Submission;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The jobs page's HTML from job JSON in the HTTP API's shape (docs/http-api.md): values escaped everywhere, SQL shown
 * only through the masking function, the operator graph with one node per operator and an edge per link, an error's
 * line and column pointed at.
 */
public class JobsPageTest {

    private static final String SECRET = "s3cret-value";

    /** Stands for the API's masking: what matters here is that every SQL text the page shows goes through it. */
    private static final UnaryOperator<String> MASK = sql -> sql == null ? null : sql.replace(SECRET, "******");

    private final ObjectMapper json = new ObjectMapper();

    private ObjectNode job(String state) throws Exception {
        return (ObjectNode) json.readTree(
                """
                {"id": "job-7", "name": "<script>alert('n')</script>", "state": "%s",
                 "sql": "INSERT INTO k SELECT * FROM t /* 'password' = '%s' */",
                 "started": "2026-01-01T00:00:00Z", "ended": null,
                 "failure": "boom <b>x</b> 'password' = '%s'",
                 "rowsIn": 1200, "rowsOut": 40, "rowsInPerSecond": 199.5, "rowsOutPerSecond": 6.25,
                 "watermark": "2024-01-01T00:00:10Z", "lateRowsDropped": 0, "recordsSkipped": 0,
                 "recordsDeadLettered": 0, "retries": 0, "checkpointsCompleted": 1, "checkpointsFailed": 0,
                 "lastCheckpoint": {"id": 3, "savepoint": true, "path": "/data/sp/savepoint-3-<x>",
                   "completed": "2026-01-01T00:01:00Z", "durationMs": 5, "sizeBytes": 10, "alignmentMs": 0},
                 "plan": "Sink(table=[default.k])\\n  +- TableScan(table=[default.t], x=['%s'])\\n",
                 "metricsPrefix": "sabot.default.job-7",
                 "operators": [
                   {"id": "s0-source-default_t", "stage": 0, "kind": "source", "parallelism": 2,
                    "recordsIn": 1200, "recordsOut": 1200, "subtasks": [
                      {"subtask": 0, "metrics": {"records-in": {"count": 600, "oneMinuteRate": 99.75}}},
                      {"subtask": 1, "metrics": {"records-in": {"count": 600, "oneMinuteRate": 99.75}}}]},
                   {"id": "s0-0-calc", "stage": 0, "kind": "operator", "parallelism": 1,
                    "recordsIn": 1200, "recordsOut": 1200, "subtasks": [{"subtask": 0, "metrics": {}}]},
                   {"id": "s1-0-windowaggregate", "stage": 1, "kind": "operator", "parallelism": 1,
                    "recordsIn": 1200, "recordsOut": 40, "subtasks": [{"subtask": 0, "metrics":
                      {"latency": {"count": 9, "p50": 1.5, "p99": 4.0, "max": 7}, "late-records": 0}}]},
                   {"id": "s1-1-sink_default_k_", "stage": 1, "kind": "sink", "parallelism": 1,
                    "recordsIn": 40, "recordsOut": 40, "subtasks": [{"subtask": 0, "metrics": {}}]}]}
                """
                        .formatted(state, SECRET, SECRET, SECRET));
    }

    private static String render(java.util.function.Consumer<PrintWriter> body) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            body.accept(writer);
        }
        return out.toString();
    }

    private static JobsPage page() {
        return new JobsPage("/system/console/sabot-jobs", "tok123", MASK);
    }

    @Test
    public void listEscapesValuesAndOffersActionsForRunningJobsOnly() throws Exception {
        ObjectNode list = json.createObjectNode();
        list.putArray("jobs").add(job("RUNNING")).add(job("FAILED").put("id", "job-6"));
        String html = render(out -> page().renderList(out, list, null, null));
        assertFalse(html, html.contains("<script>alert"));
        assertTrue(html, html.contains("&lt;script&gt;alert(&#39;n&#39;)&lt;/script&gt;"));
        assertFalse(html, html.contains("<b>x</b>"));
        assertFalse("a secret reached the page", html.contains(SECRET));
        assertTrue(html, html.contains("<td class='rows-in'>1200</td>"));
        assertTrue(html, html.contains("<td class='rate-in'>199.5</td>"));
        assertTrue(html, html.contains("savepoint 3 at 2026-01-01T00:01:00Z"));
        assertTrue(html, html.contains("savepoint-3-&lt;x&gt;"));
        assertEquals(
                "three action forms for the running job only",
                3,
                count(html, "name='action' value='(savepoint|stop|cancel)'"));
        assertEquals("every form carries the token", count(html, "<form "), count(html, "name='token' value='tok123'"));
        assertEquals(count(html, "<form "), count(html, "<form method='post'"));
    }

    @Test
    public void detailDrawsEveryOperatorAndLinksThemStageByStage() throws Exception {
        ObjectNode running = job("RUNNING");
        String html = render(out -> page().renderDetail(out, running, false, null));
        assertEquals(4, count(html, "<g class='operator'"));
        assertEquals("three links: two chains inside the stages, one exchange between them", 3, count(html, "<line "));
        assertEquals(1, count(html, "stroke-dasharray"));
        assertTrue(html, html.contains("source ×2"));
        assertTrue(html, html.contains("in 1200 · out 40"));
        assertTrue(html, html.contains("<code>records-in</code> 600 (99.8/s)"));
        assertTrue(html, html.contains("<code>latency</code> n=9 p50=1.5 p99=4.0 max=7"));
        assertFalse("a secret reached the page", html.contains(SECRET));
        assertTrue(html, html.contains("&#39;password&#39; = &#39;******&#39;"));
        assertEquals(3, count(html, "name='action' value='(savepoint|stop|cancel)'"));
        assertFalse(html, html.contains("value='restart'"));
    }

    @Test
    public void anEndedJobOffersARestartFromItsSavepointWhenItsScriptIsKnown() throws Exception {
        ObjectNode stopped = job("STOPPED");
        String known = render(out -> page().renderDetail(out, stopped, true, null));
        assertTrue(known, known.contains("name='action' value='restart'"));
        assertTrue(known, known.contains("name='savepoint' size='80' value='/data/sp/savepoint-3-&lt;x&gt;'"));
        assertEquals(0, count(known, "name='action' value='(savepoint|stop|cancel)'"));
        String unknown = render(out -> page().renderDetail(out, stopped, false, null));
        assertFalse(unknown, unknown.contains("value='restart'"));
        assertTrue(unknown, unknown.contains("?restore=%2Fdata%2Fsp%2Fsavepoint-3-%3Cx%3E"));
    }

    @Test
    public void aFailedSubmitPointsAtLineAndColumnAndRefillsTheFormMasked() {
        String script = "CREATE TABLE t (id BIGINT) WITH ('password' = '" + SECRET + "');\nINSERT INTO t\n  SELEC <id>";
        Outcome outcome = new Outcome(
                true,
                "Encountered \"SELEC\" at line 3, column 3",
                new SqlError(3, 3),
                new Submission(script, "n", null));
        ObjectNode empty = json.createObjectNode();
        empty.putArray("jobs");
        String html = render(out -> page().renderList(out, empty, outcome, null));
        assertTrue(html, html.contains("<pre class='sql-error-at'>line 3, column 3:\n  SELEC &lt;id&gt;\n  ^</pre>"));
        assertTrue(html, html.contains("class='error ui-state-error'"));
        assertFalse("a secret reached the page", html.contains(SECRET));
        assertTrue(html, html.contains("Secret option values are masked"));
        assertTrue(html, html.contains("name='name' id='job-name' value='n'"));
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
