package io.sabot.webconsole.internal;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.api.http.HttpSecurity;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /health}: runs the node's health checks (the runtime's {@link HealthCheckRegistry} service with {@code
 * sabot.health.registry=node}: every job's checks, with {@code enable_health_checks}) and answers 200 when all are
 * healthy (or there are none), 503 otherwise, for load balancers and {@code bin/sabot health}. The body is JSON
 * ({@code {"healthy": false, "checks": {"sabot.default.job-1.running": {"healthy": false, "message": "failed: …"}}}})
 * or, with {@code ?format=text}, one line per check. A servlet on the HTTP whiteboard in Sabot's authenticating
 * servlet context ({@link HttpSecurity}): the admin and monitor principals see every check, a tenant's principal only
 * its own jobs' ({@code sabot.<tenant>.…}). {@code bin/sabot health} reads the same checks through the control
 * channel ({@link ControlServlet}).
 */
@Component(
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=" + HealthServlet.PATH,
            "osgi.http.whiteboard.servlet.name=sabot-health",
            "osgi.http.whiteboard.context.select=" + HttpSecurity.CONTEXT_SELECT
        })
public final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PATH = "/health";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient HealthCheckRegistry checks;

    /** The answer to one request. */
    record Reply(int status, String contentType, String body) {}

    @Activate
    public HealthServlet(@Reference(target = "(sabot.health.registry=node)") HealthCheckRegistry checks) {
        this.checks = checks;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String format = request.getParameter("format");
        Reply reply;
        if (format != null && !format.equals("json") && !format.equals("text")) {
            reply = new Reply(
                    HttpServletResponse.SC_BAD_REQUEST,
                    "text/plain",
                    "GET " + PATH + ": unknown format '" + format + "' (json or text)\n");
        } else {
            String tenant = (String) request.getAttribute(HttpSecurity.TENANT_ATTRIBUTE);
            reply = render(run(checks, tenant), "text".equals(format));
        }
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(reply.body());
    }

    /** Runs the checks {@code tenant} may see: all of them for null (the administrator). */
    static SortedMap<String, HealthCheck.Result> run(HealthCheckRegistry checks, String tenant) {
        if (tenant == null) {
            return checks.runHealthChecks();
        }
        String prefix = "sabot." + tenant + ".";
        return checks.runHealthChecks((name, check) -> name.startsWith(prefix));
    }

    /** The reply for these results: 200 if every check is healthy, else 503. */
    static Reply render(SortedMap<String, HealthCheck.Result> results, boolean text) {
        boolean healthy = results.values().stream().allMatch(HealthCheck.Result::isHealthy);
        int status = healthy ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        if (text) {
            StringBuilder out = new StringBuilder();
            long unhealthy = 0;
            for (Map.Entry<String, HealthCheck.Result> e : results.entrySet()) {
                HealthCheck.Result r = e.getValue();
                unhealthy += r.isHealthy() ? 0 : 1;
                out.append(r.isHealthy() ? "HEALTHY   " : "UNHEALTHY ")
                        .append(e.getKey())
                        .append(": ")
                        .append(describe(r))
                        .append('\n');
            }
            out.append(
                    healthy
                            ? "healthy (" + results.size() + " checks)\n"
                            : "unhealthy: " + unhealthy + " of " + results.size() + " checks failed\n");
            return new Reply(status, "text/plain", out.toString());
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("healthy", healthy);
        ObjectNode all = root.putObject("checks");
        results.forEach((name, r) -> {
            ObjectNode check = all.putObject(name);
            check.put("healthy", r.isHealthy());
            check.put("message", r.getMessage());
            if (r.getError() != null) {
                check.put("error", r.getError().toString());
            }
            check.put("timestamp", r.getTimestamp());
        });
        return new Reply(status, "application/json", root.toPrettyString() + "\n");
    }

    private static String describe(HealthCheck.Result r) {
        String message = r.getMessage() == null ? "" : r.getMessage();
        if (r.getError() != null) {
            message += (message.isEmpty() ? "" : " ") + "(" + r.getError() + ")";
        }
        return message;
    }
}
