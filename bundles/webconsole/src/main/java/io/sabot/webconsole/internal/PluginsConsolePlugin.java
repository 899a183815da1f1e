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
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console's "Sabot" page: every installed plug-in by kind with bundle, version, state and options, and the
 * plug-ins that failed to bind with the reason. A plain servlet; the console frames it. {@code …/sabot/plugins.json}
 * serves the same snapshot as JSON.
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

    private final transient PluginRegistry registry;
    private final transient ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Activate
    public PluginsConsolePlugin(@Reference PluginRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PluginSnapshot snapshot = registry.snapshot();
        String path = request.getPathInfo();
        if (path != null && path.endsWith("/plugins.json")) {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            json.writeValue(response.getWriter(), snapshot);
            return;
        }
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        render(snapshot, response.getWriter(), request.getContextPath() + request.getServletPath());
    }

    /** Writes the page body; {@code consoleRoot} is the console's base path for links to bundle pages. */
    static void render(PluginSnapshot snapshot, PrintWriter out, String consoleRoot) {
        out.println("<div id='sabot-plugins'>");
        out.println("<p class='statline'>" + snapshot.plugins().size() + " plug-in service(s), "
                + snapshot.failures().size() + " failure(s). <a href='" + esc(consoleRoot) + "/" + LABEL
                + "/plugins.json'>JSON</a></p>");
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
        out.println("</div>");
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
