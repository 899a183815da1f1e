package io.sabot.webconsole.internal;

import static io.sabot.webconsole.internal.PluginsConsolePlugin.esc;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.TenantInfo;
import io.sabot.runtime.Tenants;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console's "Sabot Tenants" page, the administrator's: every tenant ({@link Tenants}) with the quotas in force,
 * what it uses (running jobs linked to the jobs page, Arrow memory, the size of its jobs' latest checkpoints), the
 * error that rejected its latest configuration, and its users ({@code io.sabot.api.user}: names and roles only). Its
 * form creates, changes and deletes the {@value Tenants#PID} factory configurations through Config Admin.
 *
 * <p>Values are checked by the runtime ({@link Tenants#check}) before anything is written: a rejected form writes
 * nothing, so the configuration in force, and the one Config Admin keeps for the next start, stay as they were; the
 * page shows the runtime's message (naming each bad property) above the form, refilled with what was sent.
 *
 * <p>A tenant's user never reaches this page ({@link ConsoleSecurityProvider#tenantMayOpen}); it refuses one anyway.
 * POSTs pass the {@link PostGuard} and are answered with a redirect to the page showing the outcome.
 */
@Component(
        service = Servlet.class,
        property = {
            "felix.webconsole.label=" + TenantsConsolePlugin.LABEL,
            "felix.webconsole.title=Sabot Tenants",
            "felix.webconsole.category=Sabot"
        })
public final class TenantsConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String LABEL = "sabot-tenants";

    /** The HTTP API's users (docs/http-api.md): a tenant's user has {@code tenant = <id>}. */
    static final String USER_PID = "io.sabot.api.user";

    /** The properties the form writes; others of an existing configuration (FileInstall's file name) are kept. */
    static final List<String> NUMBERS = List.of("max.jobs", "max.parallelism", "max.memory.bytes", "max.state.bytes");

    /** How long a POST waits for the runtime to take a change in before it answers. */
    private static final long SETTLE_MILLIS = 10_000;

    private final transient Tenants tenants;
    private final transient JobRegistry jobs;
    private final transient ConfigurationAdmin configurationAdmin;
    private final transient SecureRandom random = new SecureRandom();
    private final transient PostGuard guard = new PostGuard(random);

    /** Outcomes of POSTs, shown once by the page the POST redirects to. */
    private final transient Map<String, Outcome> outcomes = Collections.synchronizedMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Outcome> eldest) {
            return size() > 100;
        }
    });

    /** What the form sent, as text: refills the form after a rejection. */
    record Form(String id, Map<String, String> numbers, String connectors, String paths) {}

    /** A POST's result; {@code form} is set when it was rejected. */
    record Outcome(boolean error, String message, Form form) {}

    /** A tenant's user as the page shows it: never its password hash. */
    record UserRow(String name, String role) {}

    /** One tenant's row: its info, the size of each running job's latest checkpoint (null: none yet), its users. */
    record Row(TenantInfo info, Map<String, Long> stateBytes, List<UserRow> users) {}

    @Activate
    public TenantsConsolePlugin(
            @Reference Tenants tenants, @Reference JobRegistry jobs, @Reference ConfigurationAdmin configurationAdmin) {
        this.tenants = tenants;
        this.jobs = jobs;
        this.configurationAdmin = configurationAdmin;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (ConsoleSecurityProvider.actsForTenant(request)) {
            plain(response, HttpServletResponse.SC_FORBIDDEN, "tenants are the administrator's");
            return;
        }
        String key = request.getParameter("outcome");
        Outcome outcome = key == null ? null : outcomes.remove(key);
        Form form = outcome != null ? outcome.form() : null;
        String edit = request.getParameter("edit");
        if (form == null && edit != null) {
            form = tenants.tenant(edit).map(TenantsConsolePlugin::formOf).orElse(null);
        }
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        render(rows(), guard.token(), outcome, form, response.getWriter(), consoleRoot(request));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (ConsoleSecurityProvider.actsForTenant(request)) {
            plain(response, HttpServletResponse.SC_FORBIDDEN, "tenants are the administrator's");
            return;
        }
        Optional<String> refused = guard.refusal(request);
        if (refused.isPresent()) {
            plain(response, HttpServletResponse.SC_FORBIDDEN, "Refused: " + refused.get());
            return;
        }
        String action = String.valueOf(request.getParameter("action"));
        Outcome outcome;
        try {
            outcome = switch (action) {
                case "save" -> save(formOf(request));
                case "delete" -> delete(
                        String.valueOf(request.getParameter("id")).strip());
                default -> new Outcome(true, "unknown action '" + action + "'", null);
            };
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            outcome = new Outcome(true, "Config Admin failed: " + e.getMessage(), formOf(request));
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        outcomes.put(key, outcome);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader(
                "Location",
                consoleRoot(request) + "/" + LABEL + "?outcome=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    /** Creates or changes the tenant the form names, if the runtime would take its values. */
    private Outcome save(Form form) throws IOException, InvalidSyntaxException {
        Map<String, Object> values = properties(form);
        Optional<String> problem = tenants.check(values);
        if (problem.isPresent()) {
            return new Outcome(true, "Not saved (nothing changed): " + problem.get(), form);
        }
        Optional<Configuration> existing = configuration(form.id());
        Configuration c = existing.isPresent()
                ? existing.get()
                : configurationAdmin.getFactoryConfiguration(Tenants.PID, form.id(), "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        Dictionary<String, Object> old = c.getProperties();
        if (old != null) {
            for (Enumeration<String> keys = old.keys(); keys.hasMoreElements(); ) {
                String k = keys.nextElement();
                properties.put(k, old.get(k));
            }
            // the form sends every value: one it leaves empty is unset, not kept
            NUMBERS.forEach(properties::remove);
            properties.remove("allowed.connectors");
            properties.remove("allowed.paths");
        }
        values.forEach((k, v) -> properties.put(k, typed(k, v)));
        c.update(properties);
        String done = (existing.isPresent() ? "Changed" : "Created") + " tenant " + form.id();
        Optional<TenantInfo> now = await(() -> tenants.tenant(form.id()).filter(t -> applied(t, values)));
        if (now.isPresent()) {
            return new Outcome(false, done + ".", null);
        }
        String error = tenants.tenant(form.id()).map(TenantInfo::error).orElse("");
        return error.isEmpty()
                ? new Outcome(false, done + "; the runtime has not applied it yet: reload to see it.", null)
                : new Outcome(true, done + ", but the runtime rejected it: " + error, form);
    }

    private Outcome delete(String id) throws IOException, InvalidSyntaxException {
        Optional<Configuration> c = id.isEmpty() ? Optional.empty() : configuration(id);
        if (c.isEmpty()) {
            return new Outcome(true, "no configuration of tenant '" + id + "' to delete", null);
        }
        c.get().delete();
        boolean gone = await(() -> tenants.tenant(id).isEmpty() ? Optional.of(true) : Optional.empty())
                .isPresent();
        return new Outcome(
                false,
                "Deleted tenant " + id + (gone ? "" : " (the runtime is still removing it)")
                        + ": its running jobs are cancelled, its checkpoints stay.",
                null);
    }

    /** The configuration declaring tenant {@code id}, by its {@code id} property (FileInstall's or this page's). */
    private Optional<Configuration> configuration(String id) throws IOException, InvalidSyntaxException {
        Configuration[] found = configurationAdmin.listConfigurations(
                "(&(service.factoryPid=" + Tenants.PID + ")(id=" + filterValue(id) + "))");
        return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
    }

    private static <T> Optional<T> await(java.util.function.Supplier<Optional<T>> condition) {
        long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        while (true) {
            Optional<T> value = condition.get();
            if (value.isPresent() || System.nanoTime() > deadline) {
                return value;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
        }
    }

    /** Whether the tenant runs with these (checked) values. */
    private static boolean applied(TenantInfo t, Map<String, Object> values) {
        return t.error().isEmpty()
                && t.maxJobs() == number(values.get("max.jobs"))
                && t.maxParallelism() == number(values.get("max.parallelism"))
                && t.maxMemoryBytes() == number(values.get("max.memory.bytes"))
                && t.maxStateBytes() == number(values.get("max.state.bytes"))
                && t.allowedConnectors()
                        .equals(list(values.get("allowed.connectors")).stream()
                                .map(c -> c.toLowerCase(java.util.Locale.ROOT))
                                .collect(Collectors.toSet()))
                && t.allowedPaths()
                        .equals(list(values.get("allowed.paths")).stream()
                                .map(p -> Path.of(p).normalize().toString())
                                .toList());
    }

    private static long number(Object value) {
        return value == null ? 0 : Long.parseLong(value.toString());
    }

    private static List<String> list(Object value) {
        return value == null ? List.of() : List.of((String[]) value);
    }

    /** A checked value as Config Admin should hold it: the metatype's types, so the Configuration page edits it. */
    private static Object typed(String key, Object value) {
        return switch (key) {
            case "max.jobs", "max.parallelism" -> Integer.valueOf(value.toString());
            case "max.memory.bytes", "max.state.bytes" -> Long.valueOf(value.toString());
            default -> value;
        };
    }

    /** The form's values as configuration properties, as text: empty fields are left out (0, or none). */
    static Map<String, Object> properties(Form form) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", form.id());
        form.numbers().forEach((k, v) -> {
            if (!v.isBlank()) {
                values.put(k, v.strip());
            }
        });
        String[] connectors = split(form.connectors(), "[,\\s]+");
        if (connectors.length > 0) {
            values.put("allowed.connectors", connectors);
        }
        String[] paths = split(form.paths(), "\\r?\\n");
        if (paths.length > 0) {
            values.put("allowed.paths", paths);
        }
        return values;
    }

    private static String[] split(String text, String separator) {
        return java.util.Arrays.stream(text.split(separator))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    private static Form formOf(HttpServletRequest request) {
        Map<String, String> numbers = new LinkedHashMap<>();
        for (String k : NUMBERS) {
            numbers.put(k, text(request.getParameter(k)));
        }
        return new Form(
                text(request.getParameter("id")).strip(),
                numbers,
                text(request.getParameter("allowed.connectors")),
                text(request.getParameter("allowed.paths")));
    }

    /** The form filled with a tenant's values in force, to change them. */
    static Form formOf(TenantInfo t) {
        Map<String, String> numbers = new LinkedHashMap<>();
        numbers.put("max.jobs", String.valueOf(t.maxJobs()));
        numbers.put("max.parallelism", String.valueOf(t.maxParallelism()));
        numbers.put("max.memory.bytes", String.valueOf(t.maxMemoryBytes()));
        numbers.put("max.state.bytes", String.valueOf(t.maxStateBytes()));
        return new Form(
                t.id(),
                numbers,
                String.join(", ", new TreeSet<>(t.allowedConnectors())),
                String.join("\n", t.allowedPaths()));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** Every tenant with the state size of its running jobs and its users. */
    private List<Row> rows() {
        // a tenant names its running jobs by short id ("job-3"), as the jobs page links them
        Map<String, JobInfo> byId = jobs.jobs().stream()
                .collect(Collectors.toMap(JobsConsolePlugin::shortId, Function.identity(), (a, b) -> a));
        List<Row> rows = new ArrayList<>();
        for (TenantInfo t : tenants.tenants()) {
            Map<String, Long> state = new LinkedHashMap<>();
            for (String job : t.runningJobs()) {
                JobInfo info = byId.get(job);
                state.put(
                        job,
                        info == null
                                ? null
                                : info.lastCheckpoint()
                                        .map(JobInfo.Checkpoint::sizeBytes)
                                        .orElse(null));
            }
            rows.add(new Row(t, state, users(t.id())));
        }
        return rows;
    }

    private List<UserRow> users(String tenant) {
        try {
            Configuration[] found = configurationAdmin.listConfigurations(
                    "(&(service.factoryPid=" + USER_PID + ")(tenant=" + filterValue(tenant) + "))");
            List<UserRow> users = new ArrayList<>();
            for (Configuration c : found == null ? new Configuration[0] : found) {
                Dictionary<String, Object> p = c.getProperties();
                if (p != null && p.get("name") != null) {
                    users.add(new UserRow(String.valueOf(p.get("name")), String.valueOf(p.get("role"))));
                }
            }
            users.sort(java.util.Comparator.comparing(UserRow::name));
            return users;
        } catch (IOException | InvalidSyntaxException e) {
            return List.of();
        }
    }

    /** Escapes a value for an OSGi filter (core spec 3.2.7: a backslash before each special character). */
    static String filterValue(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '*' || c == '(' || c == ')' || c == '\0') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Writes the page body; {@code consoleRoot} is the console's base path for links and form actions. */
    static void render(List<Row> rows, String token, Outcome outcome, Form form, PrintWriter out, String consoleRoot) {
        String base = esc(consoleRoot) + "/" + LABEL;
        String jobsPage = consoleRoot + "/" + JobsConsolePlugin.LABEL + "?job=";
        out.println("<div id='sabot-tenants'>");
        out.println("<p class='statline'>" + rows.size() + " tenant(s). Limits of 0 are unlimited. <a href='" + base
                + "'>Refresh</a></p>");
        if (outcome != null) {
            out.println(
                    "<div id='outcome' class='" + (outcome.error() ? "error ui-state-error" : "ok ui-state-highlight")
                            + "'><pre>" + esc(outcome.message()) + "</pre></div>");
        }
        if (rows.isEmpty()) {
            out.println("<p class='empty'>No tenant is configured.</p>");
        } else {
            out.println("<table class='tablesorter nicetable' id='tenants'><thead><tr><th>Tenant</th>"
                    + "<th>Max jobs</th><th>Max parallelism</th><th>Max memory (bytes)</th><th>Max state (bytes)</th>"
                    + "<th>Allowed connectors</th><th>Allowed paths</th><th>Running jobs</th><th>Memory used</th>"
                    + "<th>State (latest checkpoints)</th><th>Users</th><th></th></tr></thead><tbody>");
            for (Row row : rows) {
                renderRow(row, token, out, base, jobsPage);
            }
            out.println("</tbody></table>");
        }
        renderForm(token, form, out, base);
        out.println("</div>");
    }

    private static void renderRow(Row row, String token, PrintWriter out, String base, String jobsPage) {
        TenantInfo t = row.info();
        out.println("<tr class='tenant' data-tenant='" + esc(t.id()) + "'><td><b>" + esc(t.id()) + "</b>"
                + (t.error().isEmpty() ? "" : "<p class='error config-error'>" + esc(t.error()) + "</p>") + "</td>");
        out.println("<td class='max-jobs'>" + t.maxJobs() + "</td><td class='max-parallelism'>" + t.maxParallelism()
                + "</td><td class='max-memory'>" + t.maxMemoryBytes() + "</td><td class='max-state'>"
                + t.maxStateBytes() + "</td>");
        Set<String> connectors = new TreeSet<>(t.allowedConnectors());
        out.println("<td class='allowed-connectors'>"
                + (connectors.isEmpty() ? "<i>any</i>" : esc(String.join(", ", connectors)))
                + "</td><td class='allowed-paths'>"
                + (t.allowedPaths().isEmpty()
                        ? "<i>any</i>"
                        : t.allowedPaths().stream()
                                .map(p -> "<code>" + esc(p) + "</code>")
                                .collect(Collectors.joining("<br/>")))
                + "</td>");
        StringBuilder running = new StringBuilder();
        long state = 0;
        boolean known = false;
        for (Map.Entry<String, Long> job : row.stateBytes().entrySet()) {
            running.append(running.length() == 0 ? "" : "<br/>")
                    .append("<a class='job' href='")
                    .append(esc(jobsPage + URLEncoder.encode(job.getKey(), StandardCharsets.UTF_8)))
                    .append("'>")
                    .append(esc(job.getKey()))
                    .append("</a>");
            if (job.getValue() != null) {
                state += job.getValue();
                known = true;
            }
        }
        out.println("<td class='running'>" + row.stateBytes().size() + (running.length() == 0 ? "" : ": " + running)
                + "</td><td class='memory-used'>" + t.memoryUsed() + "</td><td class='state-size'>"
                + (known ? String.valueOf(state) : "<i>unknown</i>") + "</td>");
        out.println("<td class='users'>"
                + row.users().stream()
                        .map(u -> esc(u.name()) + " (" + esc(u.role()) + ")")
                        .collect(Collectors.joining("<br/>"))
                + "</td>");
        out.println(
                "<td><a class='edit' href='" + base + "?edit=" + esc(URLEncoder.encode(t.id(), StandardCharsets.UTF_8))
                        + "#tenant-form'>Change</a> <form method='post' action='" + base + "' style='display:inline'>"
                        + hidden("token", token) + hidden("action", "delete") + hidden("id", t.id())
                        + "<button type='submit' class='delete-tenant'>Delete</button></form></td></tr>");
    }

    private static void renderForm(String token, Form form, PrintWriter out, String base) {
        Form f = form != null ? form : new Form("", Map.of(), "", "");
        out.println("<h2 id='tenant-form'>Create or change a tenant</h2>");
        out.println("<p>A tenant is a factory configuration <code>" + Tenants.PID + "</code>. Saving an id that exists"
                + " changes it (quotas apply live); any other id creates a tenant. Empty numbers are 0 (unlimited);"
                + " connectors are separated by commas, paths one per line (absolute). Deleting a tenant cancels its"
                + " running jobs; their checkpoints stay.</p>");
        out.println("<form id='save-tenant' method='post' action='" + base + "'>" + hidden("token", token)
                + hidden("action", "save") + "<table class='nicetable'>");
        out.println(field(
                "Id", "<input name='id' required pattern='[a-z0-9][a-z0-9_-]{0,62}' value='" + esc(f.id()) + "'/>"));
        String[] labels = {"Max jobs", "Max parallelism", "Max memory (bytes)", "Max state (bytes)"};
        for (int i = 0; i < NUMBERS.size(); i++) {
            String k = NUMBERS.get(i);
            out.println(field(
                    labels[i],
                    "<input name='" + k + "' value='" + esc(f.numbers().getOrDefault(k, "")) + "'/>"));
        }
        out.println(
                field("Allowed connectors", "<input name='allowed.connectors' value='" + esc(f.connectors()) + "'/>"));
        out.println(field(
                "Allowed paths",
                "<textarea name='allowed.paths' rows='3' cols='60'>" + esc(f.paths()) + "</textarea>"));
        out.println("</table><button type='submit' id='save'>Save</button></form>");
    }

    private static String field(String label, String input) {
        return "<tr><th>" + label + "</th><td>" + input + "</td></tr>";
    }

    private static String hidden(String name, String value) {
        return "<input type='hidden' name='" + name + "' value='" + esc(value) + "'/>";
    }

    private static String consoleRoot(HttpServletRequest request) {
        return request.getContextPath() + request.getServletPath();
    }

    private static void plain(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().println(message);
    }
}
