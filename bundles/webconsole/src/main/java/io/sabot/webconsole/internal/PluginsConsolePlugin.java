package io.sabot.webconsole.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sabot.runtime.OptionInfo;
import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.PluginSnapshot;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The web console's "Sabot" page: every installed plug-in by kind with bundle, version, state and options, and the
 * plug-ins that failed to bind with the reason. A plain servlet; the console frames it. {@code …/sabot/plugins.json}
 * serves the same snapshot as JSON.
 *
 * <p>Its form uploads a plug-in bundle (a POST, multipart, field {@code bundle}) that {@link PluginUploads} installs
 * through the hot-deploy directory; its buttons remove bundles of that directory. POSTs pass the same guard as the
 * jobs page ({@link PostGuard}); a success is answered with a redirect to the page showing the outcome, a refused file
 * with 400, a jar over {@value PluginUploads#MAX_BYTES} bytes with 413.
 */
@Component(
        service = Servlet.class,
        property = {
            "felix.webconsole.label=" + PluginsConsolePlugin.LABEL,
            "felix.webconsole.title=Sabot",
            "felix.webconsole.category=Sabot"
        })
public final class PluginsConsolePlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String LABEL = "sabot";

    /** FileInstall's factory PID: each of its configurations is a watched directory. */
    static final String FILEINSTALL_PID = "org.apache.felix.fileinstall";

    private static final String FILEINSTALL_DIR = "felix.fileinstall.dir";
    private static final String FILEINSTALL_FILTER = "felix.fileinstall.filter";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    /** How long an upload waits for the watcher and the registry before it answers. */
    private static final long SETTLE_MILLIS = 20_000;

    private final transient PluginRegistry registry;
    private final transient BundleContext context;
    private final transient ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final transient SecureRandom random = new SecureRandom();
    private final transient PostGuard guard = new PostGuard(random);
    private final transient PluginUploads uploads;

    /** Outcomes of POSTs, shown once by the page the POST redirects to. */
    private final transient Map<String, String> outcomes = Collections.synchronizedMap(new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 100;
        }
    });

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    public PluginsConsolePlugin(@Reference PluginRegistry registry, BundleContext context) {
        this.registry = registry;
        this.context = context;
        this.uploads = new PluginUploads(context, registry, this::deployDir, SETTLE_MILLIS);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ConsoleSecurityProvider.actsForTenant(request)) {
            error(response, HttpServletResponse.SC_FORBIDDEN, "a tenant may open only the Sabot Jobs page", null);
            return;
        }
        PluginSnapshot snapshot = registry.snapshot();
        String path = request.getPathInfo();
        if (path != null && path.endsWith("/plugins.json")) {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            json.writeValue(response.getWriter(), snapshot);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        String key = request.getParameter("outcome");
        String outcome = key == null ? null : outcomes.remove(key);
        Optional<Path> deploy = deployDir();
        Upload upload =
                new Upload(guard.token(), outcome, deploy.map(Path::toString).orElse(null), uploads.removable());
        render(snapshot, upload, response.getWriter(), request.getContextPath() + request.getServletPath());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", "no-store");
        if (ConsoleSecurityProvider.actsForTenant(request)) {
            error(response, HttpServletResponse.SC_FORBIDDEN, "installing code is the administrator's", null);
            return;
        }
        // before anything reads the body: the guard's token is a form field of it
        if (request.getContentLengthLong() > PluginUploads.MAX_BYTES + 64 * 1024) {
            tooLarge(response, "the request (" + request.getContentLengthLong() + " bytes)");
            return;
        }
        Optional<String> refused = guard.refusal(request);
        if (refused.isPresent()) {
            error(response, HttpServletResponse.SC_FORBIDDEN, "Refused: " + refused.get(), null);
            return;
        }
        String root = request.getContextPath() + request.getServletPath();
        String action = String.valueOf(request.getParameter("action"));
        String outcome;
        try {
            switch (action) {
                case "upload" -> {
                    Part part = request.getPart("bundle");
                    if (part == null
                            || part.getSubmittedFileName() == null
                            || part.getSubmittedFileName().isBlank()) {
                        error(response, 400, "No file: choose a plug-in bundle (a jar) to upload", root);
                        return;
                    }
                    String name = Path.of(part.getSubmittedFileName().replace('\\', '/'))
                            .getFileName()
                            .toString();
                    if (part.getSize() > PluginUploads.MAX_BYTES) {
                        tooLarge(response, name + " (" + part.getSize() + " bytes)");
                        return;
                    }
                    Path temp = uploadFile();
                    try (InputStream in = part.getInputStream()) {
                        Files.copy(in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        Files.deleteIfExists(temp);
                        throw e;
                    } finally {
                        part.delete();
                    }
                    outcome = describe(name, uploads.upload(name, temp));
                }
                case "remove" -> outcome =
                        uploads.remove(Long.parseLong(String.valueOf(request.getParameter("bundle"))));
                default -> {
                    error(response, 400, "Unknown action '" + action + "'", root);
                    return;
                }
            }
        } catch (PluginUploads.Refused e) {
            error(response, 400, e.getMessage(), root);
            return;
        } catch (IllegalArgumentException | BundleException e) {
            error(response, 400, e.getMessage() == null ? e.toString() : e.getMessage(), root);
            return;
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        String key = HexFormat.of().formatHex(id);
        outcomes.put(key, outcome);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader(
                "Location",
                root + "/" + LABEL + "?outcome=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "#upload");
    }

    /** A fresh temporary file for an upload, next to the bundle's data (on the distribution's disk). */
    private Path uploadFile() throws IOException {
        java.io.File data = context.getDataFile("uploads");
        if (data == null) {
            return Files.createTempFile("sabot-upload-", ".jar");
        }
        Files.createDirectories(data.toPath());
        return Files.createTempFile(data.toPath(), "upload-", ".jar");
    }

    private static void tooLarge(HttpServletResponse response, String what) throws IOException {
        error(
                response,
                HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                what + " is larger than the upload limit of " + (PluginUploads.MAX_BYTES >> 20) + " MB",
                null);
    }

    /** An error page of its own (POSTs are not framed by the console), with the reason and a way back. */
    private static void error(HttpServletResponse response, int status, String message, String root)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html><head><title>Sabot: plug-in upload</title></head><body>");
        out.println("<p id='upload-error' class='error'>" + esc(message) + "</p>");
        if (root != null) {
            out.println("<p><a href='" + esc(root) + "/" + LABEL + "#upload'>Back to the plug-ins page</a></p>");
        }
        out.println("</body></html>");
    }

    /** The outcome line of an upload, as the page shows it. */
    static String describe(String fileName, PluginUploads.Result r) {
        StringBuilder out = new StringBuilder()
                .append(r.updated() ? "Updated " : "Installed ")
                .append(r.headers().symbolicName())
                .append(' ')
                .append(r.headers().version())
                .append(" from ")
                .append(fileName)
                .append(r.bundleId() < 0 ? "" : " (bundle " + r.bundleId() + ", " + r.state() + ")")
                .append(" at ")
                .append(r.where())
                .append(". ");
        if (!r.plugins().isEmpty()) {
            out.append("Plug-ins: ");
            for (int i = 0; i < r.plugins().size(); i++) {
                PluginInfo p = r.plugins().get(i);
                out.append(i == 0 ? "" : ", ")
                        .append(p.kind().label())
                        .append(' ')
                        .append(p.identifier())
                        .append(p.roles().isEmpty() ? "" : " (" + String.join(", ", p.roles()) + ")");
            }
            out.append(". ");
        } else if (r.failures().isEmpty() && r.bundleId() >= 0) {
            out.append("It contributes no plug-in. ");
        }
        for (PluginFailure f : r.failures()) {
            out.append("Failed: ").append(f.reason()).append(". ");
        }
        if (r.note() != null) {
            out.append("Note: ").append(r.note()).append('.');
        }
        return out.toString().strip();
    }

    /**
     * The hot-deploy directory: the directory of a FileInstall watcher (a configuration of its factory PID, or the
     * framework's own {@code felix.fileinstall.dir}) that takes jars, preferring one named {@code deploy}; empty
     * without FileInstall running or without such a watcher.
     */
    Optional<Path> deployDir() {
        boolean fileInstall = false;
        for (Bundle b : context.getBundles()) {
            fileInstall |= FILEINSTALL_PID.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE;
        }
        if (!fileInstall) {
            return Optional.empty();
        }
        Path found = watched(context.getProperty(FILEINSTALL_DIR), context.getProperty(FILEINSTALL_FILTER));
        ConfigurationAdmin admin = configurationAdmin;
        if (admin != null) {
            try {
                Configuration[] watchers = admin.listConfigurations("(service.factoryPid=" + FILEINSTALL_PID + ")");
                for (Configuration c : watchers == null ? new Configuration[0] : watchers) {
                    var properties = c.getProperties();
                    if (properties == null) {
                        continue; // created, not yet configured
                    }
                    Object dir = properties.get(FILEINSTALL_DIR);
                    Object filter = properties.get(FILEINSTALL_FILTER);
                    Path candidate =
                            watched(dir == null ? null : dir.toString(), filter == null ? null : filter.toString());
                    if (candidate != null
                            && (found == null
                                    || candidate.getFileName().toString().equals("deploy"))) {
                        found = candidate;
                    }
                }
            } catch (IOException | InvalidSyntaxException e) {
                // no watcher configurations to read: the framework's own watcher, if any, is what there is
            }
        }
        return Optional.ofNullable(found);
    }

    /** The directory a watcher with this dir and file-name filter installs jars from, or null. */
    private Path watched(String dir, String filter) {
        if (dir == null || dir.isBlank() || (filter != null && !"plugin.jar".matches(filter))) {
            return null;
        }
        Matcher m = VARIABLE.matcher(dir);
        StringBuilder resolved = new StringBuilder();
        while (m.find()) {
            String value = context.getProperty(m.group(1));
            if (value == null) {
                return null;
            }
            m.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        m.appendTail(resolved);
        Path path = Path.of(resolved.toString()).toAbsolutePath().normalize();
        return Files.isDirectory(path) ? path : null;
    }

    /** The upload form's state: the form token, the last outcome, the hot-deploy directory, removable bundles. */
    record Upload(String token, String outcome, String deployDir, List<PluginUploads.Removable> removable) {}

    /** Writes the page body without the upload section (tests). */
    static void render(PluginSnapshot snapshot, PrintWriter out, String consoleRoot) {
        render(snapshot, null, out, consoleRoot);
    }

    /** Writes the page body; {@code consoleRoot} is the console's base path for links to bundle pages. */
    static void render(PluginSnapshot snapshot, Upload upload, PrintWriter out, String consoleRoot) {
        out.println("<div id='sabot-plugins'>");
        out.println("<p class='statline'>" + snapshot.plugins().size() + " plug-in service(s), "
                + snapshot.failures().size() + " failure(s). <a href='" + esc(consoleRoot) + "/" + LABEL
                + "/plugins.json'>JSON</a></p>");
        if (upload != null && upload.outcome() != null) {
            out.println("<p id='upload-outcome' class='ui-state-highlight'>" + esc(upload.outcome()) + "</p>");
        }
        if (!snapshot.failures().isEmpty()) {
            out.println("<h2 id='failures'>Plug-ins that failed to bind</h2>");
            out.println("<table class='tablesorter nicetable' id='sabot-failures'><thead><tr><th>Kind</th>"
                    + "<th>Identifier</th><th>Bundle</th><th>Version</th><th>Reason</th></tr></thead><tbody>");
            for (PluginFailure f : snapshot.failures()) {
                out.println("<tr class='failure'><td>"
                        + (f.kind() == null ? "" : esc(f.kind().label())) + "</td><td>"
                        + esc(f.identifier()) + "</td><td>"
                        + bundleLink(consoleRoot, f.bundleId(), f.bundleSymbolicName()) + "</td><td>"
                        + esc(f.bundleVersion()) + "</td><td class='reason'>"
                        + esc(f.reason()) + "</td></tr>");
            }
            out.println("</tbody></table>");
        }
        for (PluginKind kind : PluginKind.values()) {
            List<PluginInfo> plugins = snapshot.plugins(kind);
            out.println("<h2 id='kind-" + kind.label() + "'>" + esc(title(kind)) + " (" + plugins.size() + ")</h2>");
            if (plugins.isEmpty()) {
                out.println("<p class='empty'>None installed.</p>");
                continue;
            }
            out.println("<table class='tablesorter nicetable' id='sabot-" + kind.label() + "'><thead><tr>"
                    + "<th>Identifier</th><th>Roles</th><th>Bundle</th><th>Version</th><th>State</th>"
                    + "<th>Options</th></tr></thead><tbody>");
            for (PluginInfo p : plugins) {
                out.println("<tr class='plugin' data-identifier='" + esc(p.identifier()) + "'><td><b>"
                        + esc(p.identifier()) + "</b><br/><small>" + esc(p.description()) + "</small></td><td>"
                        + esc(String.join(", ", p.roles())) + "</td><td>"
                        + bundleLink(consoleRoot, p.bundleId(), p.bundleSymbolicName()) + "</td><td>"
                        + esc(p.bundleVersion()) + "</td><td>" + esc(p.state().name()) + "</td><td>");
                renderOptions(p.options(), out);
                out.println("</td></tr>");
            }
            out.println("</tbody></table>");
        }
        if (upload != null) {
            renderUpload(upload, out, consoleRoot);
        }
        out.println("</div>");
    }

    private static void renderUpload(Upload upload, PrintWriter out, String consoleRoot) {
        String action = esc(consoleRoot) + "/" + LABEL;
        out.println("<h2 id='upload'>Upload a plug-in bundle</h2>");
        out.println("<p>"
                + (upload.deployDir() == null
                        ? "No hot-deploy directory is configured: the bundle is installed and started directly."
                        : "The jar is written into the hot-deploy directory <code>" + esc(upload.deployDir())
                                + "</code>: it is installed within a second, kept across restarts, and removed with its file.")
                + " A bundle whose symbolic name is installed already is updated. At most "
                + (PluginUploads.MAX_BYTES >> 20) + " MB.</p>");
        out.println("<form id='upload-form' method='post' enctype='multipart/form-data' action='" + action + "'>"
                + "<input type='hidden' name='token' value='" + esc(upload.token()) + "'/>"
                + "<input type='hidden' name='action' value='upload'/>"
                + "<input type='file' id='bundle-file' name='bundle' accept='.jar' required/> "
                + "<button type='submit' id='upload-bundle'>Upload</button></form>");
        if (upload.removable().isEmpty()) {
            return;
        }
        out.println("<table class='tablesorter nicetable' id='sabot-uploaded'><thead><tr><th>Bundle</th>"
                + "<th>Version</th><th>State</th><th>File</th><th></th></tr></thead><tbody>");
        for (PluginUploads.Removable r : upload.removable()) {
            out.println("<tr class='uploaded' data-bundle='" + esc(r.symbolicName()) + "'><td>"
                    + bundleLink(consoleRoot, r.bundleId(), r.symbolicName()) + "</td><td>" + esc(r.version())
                    + "</td><td>" + esc(r.state()) + "</td><td><code>" + esc(r.where()) + "</code></td><td>"
                    + "<form method='post' action='" + action + "'>"
                    + "<input type='hidden' name='token' value='" + esc(upload.token()) + "'/>"
                    + "<input type='hidden' name='action' value='remove'/>"
                    + "<input type='hidden' name='bundle' value='" + r.bundleId() + "'/>"
                    + "<button type='submit' class='remove-bundle'>Remove</button></form></td></tr>");
        }
        out.println("</tbody></table>");
    }

    private static void renderOptions(List<OptionInfo> options, PrintWriter out) {
        if (options.isEmpty()) {
            out.print("<i>none</i>");
            return;
        }
        out.print("<table class='options'><tr><th>Name</th><th>Type</th><th>Default</th><th>Required</th>"
                + "<th>Secret</th><th>Description</th></tr>");
        for (OptionInfo o : options) {
            String type = o.allowedValues().isEmpty()
                    ? o.type()
                    : o.type() + " (" + String.join(" | ", o.allowedValues()) + ")";
            out.print("<tr><td><code>" + esc(o.key()) + "</code></td><td>" + esc(type) + "</td><td>"
                    + esc(o.defaultValue()) + "</td><td>" + (o.required() ? "yes" : "") + "</td><td>"
                    + (o.secret() ? "yes" : "") + "</td><td>" + esc(o.description()) + "</td></tr>");
        }
        out.print("</table>");
    }

    private static String title(PluginKind kind) {
        if (kind == PluginKind.DEAD_LETTER) {
            return "Dead-letter targets";
        }
        String label = kind.label().replace('-', ' ');
        return Character.toUpperCase(label.charAt(0)) + label.substring(1) + "s";
    }

    private static String bundleLink(String consoleRoot, long bundleId, String name) {
        return "<a href='" + esc(consoleRoot) + "/bundles/" + bundleId + "'>" + esc(name) + "</a>";
    }

    /** HTML-escapes text for element content and single- or double-quoted attributes. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
