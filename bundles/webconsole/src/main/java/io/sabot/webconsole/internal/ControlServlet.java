package io.sabot.webconsole.internal;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The local control channel of {@code bin/sabot jobs|savepoint|stop}: a servlet on the container's loopback HTTP
 * service (HTTP whiteboard) under {@value #PATH}, guarded by a random token that only the container's owner can read.
 *
 * <p>On activation it writes {@code <sabot.home>/data/run/<pid>.json} (owner-only permissions, directory too) with
 * the process id, the HTTP port, the token and the container kind ({@code container} for {@code bin/sabot
 * run|console}, {@code sql} for {@code bin/sabot sql}), and removes it on deactivation. The CLI lists live containers
 * there and calls them with {@code Authorization: Bearer <token>}. Requests from other than a loopback address, or
 * without the token, are refused. Replies are plain text for a terminal:
 *
 * <ul>
 *   <li>{@code GET jobs}: the jobs table;
 *   <li>{@code GET health}: the node's health checks as {@code GET /health?format=text} shows them (200 healthy, 503
 *       not), so that {@code bin/sabot health} needs no API credentials on the local host;
 *   <li>{@code POST savepoint?job=J[&dir=D]}, {@code POST stop?job=J[&dir=D]}: a savepoint (and stop); 404 when this
 *       container has no such job, 409 when the job has ended or the savepoint failed.
 * </ul>
 *
 * The authenticated HTTP API for everything else is {@code /sabot/api/v1} (bundle {@code sabot-http-api}, docs/http-api.md).
 */
@Component(
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=" + ControlServlet.PATH + "/*",
            "osgi.http.whiteboard.servlet.name=sabot-control"
        })
public final class ControlServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PATH = "/sabot/control/v0";
    static final String KIND_PROPERTY = "sabot.container.kind";

    private final transient JobRegistry jobs;
    private final String token;
    private transient volatile HealthCheckRegistry checks;
    private final transient Path runFile;

    @Activate
    public ControlServlet(@Reference JobRegistry jobs, BundleContext context) throws IOException {
        this(
                jobs,
                context.getProperty("sabot.home"),
                context.getProperty("org.osgi.service.http.port"),
                context.getProperty(KIND_PROPERTY));
    }

    /** Outside OSGi (tests): {@code home} null writes no run file. */
    ControlServlet(JobRegistry jobs, String home, String port, String kind) throws IOException {
        this.jobs = jobs;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
        this.runFile = home == null || port == null ? null : writeRunFile(Path.of(home), port, kind);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(sabot.health.registry=node)")
    void setChecks(HealthCheckRegistry checks) {
        this.checks = checks;
    }

    void unsetChecks(HealthCheckRegistry checks) {
        if (this.checks == checks) {
            this.checks = null;
        }
    }

    String token() {
        return token;
    }

    private Path writeRunFile(Path home, String port, String kind) throws IOException {
        Path dir = home.resolve("data").resolve("run");
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } else {
            Files.createDirectories(dir);
        }
        long pid = ProcessHandle.current().pid();
        String json = "{\"pid\": " + pid + ", \"port\": " + Integer.parseInt(port.strip()) + ", \"path\": \"" + PATH
                + "\", \"token\": \"" + token + "\", \"kind\": \"" + (kind == null ? "container" : kind)
                + "\", \"started\": \"" + Instant.now() + "\"}\n";
        Path temp = dir.resolve("." + pid + ".json.tmp");
        Files.deleteIfExists(temp);
        if (posix) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, json, StandardCharsets.UTF_8);
        Path file = dir.resolve(pid + ".json");
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    @Deactivate
    void deactivate() throws IOException {
        if (runFile != null) {
            Files.deleteIfExists(runFile);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (!InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
            reply(response, HttpServletResponse.SC_FORBIDDEN, "the control channel answers the local host only");
            return;
        }
        String auth = request.getHeader("Authorization");
        if (auth == null
                || !MessageDigest.isEqual(
                        auth.getBytes(StandardCharsets.UTF_8), ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
            reply(response, HttpServletResponse.SC_UNAUTHORIZED, "a valid token is required");
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String method = request.getMethod();
        try {
            switch (method + " " + path) {
                case "GET /jobs" -> reply(response, 200, jobsTable());
                case "GET /health" -> health(response);
                case "POST /savepoint" -> reply(
                        response,
                        200,
                        jobs.savepoint(required(request, "job"), dir(request)).describe() + "\n");
                case "POST /stop" -> reply(
                        response,
                        200,
                        jobs.stopWithSavepoint(required(request, "job"), dir(request))
                                        .describe()
                                + "\n");
                default -> reply(response, 404, "unknown request " + method + " " + path);
            }
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            reply(response, message.startsWith("no job ") ? 404 : 400, message);
        } catch (IllegalStateException e) {
            reply(response, HttpServletResponse.SC_CONFLICT, e.getMessage());
        }
    }

    private void health(HttpServletResponse response) throws IOException {
        HealthCheckRegistry registry = checks;
        if (registry == null) {
            reply(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no health check registry in this container");
            return;
        }
        HealthServlet.Reply reply = HealthServlet.render(registry.runHealthChecks(), true);
        reply(response, reply.status(), reply.body());
    }

    private static String required(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the request lacks the parameter '" + name + "'");
        }
        return value;
    }

    private static Path dir(HttpServletRequest request) {
        String dir = request.getParameter("dir");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        Path path = Path.of(dir);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("the savepoint directory must be absolute: " + dir);
        }
        return path;
    }

    private String jobsTable() {
        if (jobs.jobs().isEmpty()) {
            return "No jobs.\n";
        }
        StringBuilder out = new StringBuilder(String.format(
                "%-12s %-9s %-24s %13s %13s %14s  %s%n",
                "ID", "STATE", "STARTED", "DURATION", "ROWS IN", "ROWS OUT", "SQL"));
        for (JobInfo job : jobs.jobs()) {
            Duration duration = Duration.between(job.started(), job.ended().orElse(Instant.now()));
            String sql = job.sql().strip().replaceAll("\\s+", " ");
            out.append(String.format(
                    "%-12s %-9s %-24s %10d ms %13d %14d  %s%n",
                    job.id().split(" ")[0],
                    job.state(),
                    job.started(),
                    duration.toMillis(),
                    job.rowsIn(),
                    job.rowsOut(),
                    sql.length() > 60 ? sql.substring(0, 57) + "..." : sql));
        }
        return out.toString();
    }

    private static void reply(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.getWriter().print(text.endsWith("\n") ? text : text + "\n");
    }
}
