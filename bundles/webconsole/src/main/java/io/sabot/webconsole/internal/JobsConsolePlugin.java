package io.sabot.webconsole.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.api.http.JobViews;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.SavepointInfo;
import io.sabot.sql.SqlException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.webconsole.servlet.User;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console's "Sabot Jobs" page: the container's jobs with state, rates, watermark and last checkpoint, a job's
 * detail (operator graph, per-operator metrics, plan), a form that submits a SQL script, and buttons that take a
 * savepoint, stop, cancel, or restart a job from a savepoint.
 *
 * <p>The console frames GET requests; a POST comes here unframed and is answered with a redirect to a GET page that
 * shows the outcome (post/redirect/get), so a reload never repeats an action. Every POST must come from a page of this
 * console ({@link PostGuard}); the console's basic authentication alone would let any other site's form act with the
 * browser's cached credentials.
 *
 * <p>What the page shows of a job comes from the HTTP API's {@link JobViews}, so both show the same numbers and mask
 * the same secrets; actions go to the runtime's {@link JobRegistry}.
 *
 * <p>Whoever logged in decides the view ({@link ConsoleSecurityProvider}): the admin sees and acts on every job; a
 * tenant's user the tenant's {@link JobViews#forTenant} and {@link JobRegistry#forTenant} views, so another tenant's
 * job is no job here, exactly as in the HTTP API, and what it submits runs as its tenant's. Remembered outcomes and
 * scripts are kept per tenant too.
 */
@Component(
        service = Servlet.class,
        property = {
            "felix.webconsole.label=" + JobsConsolePlugin.LABEL,
            "felix.webconsole.title=Sabot Jobs",
            "felix.webconsole.category=Sabot"
        })
public final class JobsConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String LABEL = "sabot-jobs";

    /** The setting a restored job starts from (docs/checkpoints.md). */
    static final String RESTORE_SETTING = "execution.savepoint.path";

    /** How many outcomes and submitted scripts the page remembers (the registry keeps the last 100 jobs). */
    private static final int REMEMBERED = 100;

    private final transient JobRegistry jobs;
    private final transient JobViews views;
    private final transient SecureRandom random = new SecureRandom();
    private final transient PostGuard guard = new PostGuard(random);

    /** Outcomes of POSTs, shown once by the page the POST redirects to. */
    private final transient Map<String, Outcome> outcomes = bounded();

    /** The scripts of single-job submissions from this page, by job id: what "restart from savepoint" runs again. */
    private final transient Map<String, Submission> submissions = bounded();

    /** A POST's result for the page it redirects to; {@code form} refills the submit form after a failed submit. */
    record Outcome(boolean error, String message, SqlError sqlError, Submission form) {}

    /** Where a statement failed, to point at it in the script. */
    record SqlError(int line, int column) {}

    /** A submitted script, its name and the savepoint it started from (null: none). */
    record Submission(String script, String name, String restoreFrom) {}

    @Activate
    public JobsConsolePlugin(@Reference JobRegistry jobs, @Reference JobViews views) {
        this.jobs = jobs;
        this.views = views;
    }

    /** Whose view a request gets: the admin's (tenant null) or a tenant's. */
    private record Viewer(String tenant, JobRegistry jobs, JobViews views) {
        /** The key under which this viewer's outcomes and scripts are remembered. */
        String key(String id) {
            return (tenant == null ? "" : tenant) + "/" + id;
        }
    }

    /** A job the viewer cannot see: answered exactly as one that does not exist. */
    private static final class NoSuchJob extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NoSuchJob(String job) {
            super("no job '" + job + "' in this container");
        }
    }

    /**
     * The viewer of an authenticated request, or empty after a 403 when the request carries no console user (the
     * console authenticates every request, so this is a guard, not a path) or a tenant that is not configured.
     */
    private Optional<Viewer> viewer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object user = request.getAttribute(User.USER_ATTRIBUTE);
        Object principal = user instanceof User u ? u.getUserObject() : null;
        if (principal == null) {
            forbidden(response, "no user logged in to the console");
            return Optional.empty();
        }
        // only this bundle's provider logs tenants in; the console's own provider knows the admin only
        String tenant = principal instanceof ConsoleSecurityProvider.ConsoleUser c ? c.tenant() : null;
        if (tenant == null) {
            return Optional.of(new Viewer(null, jobs, views));
        }
        try {
            return Optional.of(new Viewer(tenant, jobs.forTenant(tenant), views.forTenant(tenant)));
        } catch (IllegalArgumentException e) { // no such tenant (any more), or its configuration is invalid
            forbidden(response, "you act for tenant '" + tenant + "': " + message(e));
            return Optional.empty();
        }
    }

    private static void forbidden(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().println(message);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Optional<Viewer> found = viewer(request, response);
        if (found.isEmpty()) {
            return;
        }
        Viewer viewer = found.get();
        JobViews views = viewer.views();
        String root = consoleRoot(request);
        Outcome outcome = take(viewer, request.getParameter("outcome"));
        String job = request.getParameter("job");
        JobsPage page = new JobsPage(root + "/" + LABEL, guard.token(), views::maskSecrets);
        if (job != null && !job.isBlank()) {
            Optional<ObjectNode> detail;
            try {
                detail = views.job(job);
            } catch (IllegalArgumentException e) {
                page.renderMissing(response.getWriter(), job, e.getMessage(), outcome);
                return;
            }
            if (detail.isEmpty()) {
                page.renderMissing(response.getWriter(), job, "no job '" + job + "' in this container", outcome);
                return;
            }
            boolean restartable = submissions.containsKey(viewer.key(text(detail.get(), "id")));
            page.renderDetail(response.getWriter(), detail.get(), restartable, outcome);
            return;
        }
        page.renderList(response.getWriter(), views.jobs(), outcome, request.getParameter("restore"));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Optional<String> refused = guard.refusal(request);
        if (refused.isPresent()) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().println("Refused: " + refused.get());
            return;
        }
        Optional<Viewer> found = viewer(request, response);
        if (found.isEmpty()) {
            return;
        }
        Viewer viewer = found.get();
        String action = String.valueOf(request.getParameter("action"));
        String job = request.getParameter("job");
        Outcome outcome;
        String back = job;
        try {
            switch (action) {
                case "submit" -> {
                    Submission form = new Submission(
                            String.valueOf(request.getParameter("sql")),
                            blankToNull(request.getParameter("name")),
                            blankToNull(request.getParameter("restore")));
                    outcome = submit(viewer, form);
                    back = outcome.error() ? null : back;
                }
                case "cancel" -> outcome = cancel(viewer, required(job));
                case "savepoint" -> outcome = savepoint(viewer, required(job), false);
                case "stop" -> outcome = savepoint(viewer, required(job), true);
                case "restart" -> {
                    outcome = restart(viewer, required(job), request.getParameter("savepoint"));
                    back = null;
                }
                default -> outcome = new Outcome(true, "unknown action '" + action + "'", null, null);
            }
        } catch (NoSuchJob e) {
            // as the API's 404: the same answer whether the job is another tenant's or does not exist
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().println(e.getMessage());
            return;
        } catch (IllegalArgumentException | IllegalStateException e) {
            outcome = new Outcome(true, message(e), null, null);
        }
        String location = consoleRoot(request) + "/" + LABEL + "?outcome=" + remember(viewer, outcome)
                + (back == null ? "" : "&job=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", location);
    }

    private Outcome submit(Viewer viewer, Submission form) {
        if (form.script().isBlank()) {
            return new Outcome(true, "the SQL script is empty", null, form);
        }
        if (form.restoreFrom() != null && !Path.of(form.restoreFrom()).isAbsolute()) {
            return new Outcome(
                    true, "the savepoint must be an absolute path on the server: " + form.restoreFrom(), null, form);
        }
        List<JobInfo> started;
        try {
            started = viewer.jobs()
                    .submit(
                            form.script(),
                            form.name(),
                            form.restoreFrom() == null ? Map.of() : Map.of(RESTORE_SETTING, form.restoreFrom()));
        } catch (SqlException e) {
            String message = e.getMessage();
            if (e.line() > 0 && !message.contains("line " + e.line())) {
                message += " (at line " + e.line() + ", column " + e.column() + ")";
            }
            return new Outcome(
                    true, views.maskSecrets(message), e.line() > 0 ? new SqlError(e.line(), e.column()) : null, form);
        } catch (IllegalArgumentException e) { // also OptionValidationException: it lists every bad option
            return new Outcome(true, views.maskSecrets(message(e)), null, form);
        }
        StringBuilder ids = new StringBuilder();
        for (JobInfo info : started) {
            ids.append(ids.length() == 0 ? "" : ", ").append(shortId(info));
        }
        if (started.size() == 1) {
            submissions.put(viewer.key(shortId(started.get(0))), form);
        }
        return new Outcome(
                false,
                "Started " + ids + (form.restoreFrom() == null ? "" : " from " + form.restoreFrom()),
                null,
                null);
    }

    private Outcome cancel(Viewer viewer, String job) {
        JobInfo info = running(viewer, job);
        if (!viewer.jobs().cancel(info.id())) {
            throw new IllegalStateException("job " + shortId(info) + " is not running");
        }
        return new Outcome(false, "Cancelling " + shortId(info), null, null);
    }

    private Outcome savepoint(Viewer viewer, String job, boolean stop) {
        JobInfo info = running(viewer, job);
        JobRegistry jobs = viewer.jobs();
        SavepointInfo savepoint = stop ? jobs.stopWithSavepoint(info.id(), null) : jobs.savepoint(info.id(), null);
        return new Outcome(false, savepoint.describe(), null, null);
    }

    private Outcome restart(Viewer viewer, String job, String savepoint) {
        Submission script = submissions.get(viewer.key(job));
        if (script == null) {
            throw new IllegalArgumentException("job " + job + " was not submitted from this page, so its script is"
                    + " not known here: submit the script again with the savepoint under 'Start from savepoint'");
        }
        if (savepoint == null || savepoint.isBlank()) {
            throw new IllegalArgumentException("restarting " + job + " needs the savepoint to start from");
        }
        return submit(viewer, new Submission(script.script(), script.name(), savepoint.strip()));
    }

    private JobInfo running(Viewer viewer, String job) {
        JobInfo info =
                viewer.jobs().details(job).orElseThrow(() -> new NoSuchJob(job)).info();
        if (info.state() != JobInfo.State.RUNNING) {
            throw new IllegalStateException("job " + shortId(info) + " is not running (" + info.state() + ")");
        }
        return info;
    }

    private String remember(Viewer viewer, Outcome outcome) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        outcomes.put(viewer.key(key), outcome);
        return key;
    }

    private Outcome take(Viewer viewer, String key) {
        return key == null ? null : outcomes.remove(viewer.key(key));
    }

    private static String consoleRoot(HttpServletRequest request) {
        return request.getContextPath() + request.getServletPath();
    }

    static String shortId(JobInfo info) {
        return info.id().split(" ")[0];
    }

    private static String required(String job) {
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("the request names no job");
        }
        return job;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static <V> Map<String, V> bounded() {
        return Collections.synchronizedMap(new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    /** The text of a JSON field, or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
