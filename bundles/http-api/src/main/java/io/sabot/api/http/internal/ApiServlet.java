package io.sabot.api.http.internal;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.Tenants;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The HTTP API v1 under {@value ApiHandler#BASE}, a servlet on the HTTP whiteboard. Every request must authenticate
 * (HTTP basic with the web console's admin credentials, or a bearer token of an {@link ApiToken} configuration): one
 * without valid credentials gets 401 with the challenges, before anything else is looked at. Replies are JSON; errors
 * are {@code {"error": {"code", "message"}}} with the status that fits, and an unexpected exception is logged here and
 * answered 500 without its details.
 */
@Component(
        service = {Servlet.class, ConfigurationListener.class},
        property = {
            "osgi.http.whiteboard.servlet.pattern=" + ApiHandler.BASE,
            "osgi.http.whiteboard.servlet.pattern=" + ApiHandler.BASE + "/*",
            "osgi.http.whiteboard.servlet.name=sabot-api-v1"
        })
public final class ApiServlet extends HttpServlet implements ConfigurationListener {
    private static final long serialVersionUID = 1L;

    /** Larger bodies are refused (413): a SQL script is far smaller. */
    static final int MAX_BODY = 1 << 20;

    /** The JDK's logger facade: no logging package to import (the framework may hold several slf4j providers). */
    private static final System.Logger LOG = System.getLogger(ApiServlet.class.getName());

    private final transient ApiHandler handler;
    /** The framework properties' credentials (the launcher's), used while the console's configuration has none. */
    private final transient Optional<AdminCredentials> frameworkAdmin;

    private transient volatile Optional<AdminCredentials> admin;
    private transient volatile ConfigurationAdmin configurationAdmin;
    /** Framework property: failed logins in a row one address may make before it is locked out (default 5). */
    static final String FREE_FAILURES_PROPERTY = "sabot.api.login.free-failures";

    private transient volatile LoginThrottle throttle = new LoginThrottle(System::currentTimeMillis);
    private final transient List<ApiToken> tokens = new CopyOnWriteArrayList<>();
    private transient volatile MetricRegistry metrics;

    @Activate
    public ApiServlet(
            @Reference JobRegistry jobs,
            @Reference PluginRegistry plugins,
            @Reference Tenants tenants,
            BundleContext context) {
        this(
                jobs,
                plugins,
                tenants,
                AdminCredentials.of(
                        context.getProperty(AdminCredentials.USERNAME),
                        context.getProperty(AdminCredentials.PASSWORD),
                        problem -> LOG.log(System.Logger.Level.WARNING, "Sabot HTTP API: " + problem)));
        String free = context.getProperty(FREE_FAILURES_PROPERTY);
        if (free != null && !free.isBlank()) {
            try {
                throttle = new LoginThrottle(System::currentTimeMillis, Integer.parseInt(free.strip()));
            } catch (NumberFormatException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Sabot HTTP API: " + FREE_FAILURES_PROPERTY + " must be a whole number, got '" + free
                                + "': keeping " + LoginThrottle.FREE_FAILURES);
            }
        }
    }

    ApiServlet(JobRegistry jobs, PluginRegistry plugins, Tenants tenants, Optional<AdminCredentials> admin) {
        this.handler = new ApiHandler(jobs, plugins, () -> metrics, tenants);
        this.frameworkAdmin = admin;
        this.admin = admin;
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setConfigurationAdmin(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        reloadAdmin();
    }

    void unsetConfigurationAdmin(ConfigurationAdmin configurationAdmin) {
        if (this.configurationAdmin == configurationAdmin) {
            this.configurationAdmin = null;
        }
    }

    /** A password changed in the web console (its configuration) applies to the API at once, without a restart. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (AdminCredentials.CONSOLE_PID.equals(event.getPid())) {
            reloadAdmin();
        }
    }

    private synchronized void reloadAdmin() {
        ConfigurationAdmin cm = configurationAdmin;
        Optional<AdminCredentials> credentials = frameworkAdmin;
        if (cm != null) {
            try {
                Configuration[] found = cm.listConfigurations("(service.pid=" + AdminCredentials.CONSOLE_PID + ")");
                Dictionary<String, Object> properties = found == null ? null : found[0].getProperties();
                Object password = properties == null ? null : properties.get("password");
                if (password != null && !String.valueOf(password).isBlank()) {
                    Object user = properties.get("username");
                    credentials = AdminCredentials.configured(
                            user == null ? null : String.valueOf(user),
                            String.valueOf(password),
                            problem -> LOG.log(System.Logger.Level.WARNING, "Sabot HTTP API: " + problem));
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.log(System.Logger.Level.WARNING, "Sabot HTTP API: cannot read " + AdminCredentials.CONSOLE_PID, e);
            }
        }
        admin = credentials;
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addToken(ApiToken token) {
        tokens.add(token);
    }

    void removeToken(ApiToken token) {
        tokens.remove(token);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(sabot.metrics.registry=node)")
    void setMetrics(MetricRegistry registry) {
        this.metrics = registry;
    }

    void unsetMetrics(MetricRegistry registry) {
        if (this.metrics == registry) {
            this.metrics = null;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String address = request.getRemoteAddr();
        long wait = throttle.retryAfterSeconds(address);
        if (wait > 0) {
            refuseThrottled(request, response, wait);
            return;
        }
        String authorization = request.getHeader("Authorization");
        Optional<Principal> principal = Authenticator.authenticate(authorization, admin, List.copyOf(tokens));
        if (principal.isEmpty() && authorization != null) {
            // only sent credentials count: a request without any is no guess
            long locked = throttle.failed(address);
            if (locked > 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Sabot HTTP API: failed logins from " + address + ": refused for " + locked + " s");
            }
        } else if (principal.isPresent()) {
            throttle.succeeded(address);
        }
        if (principal.isEmpty()) {
            Authenticator.CHALLENGES.forEach(c -> response.addHeader("WWW-Authenticate", c));
            boolean sent = request.getHeader("Authorization") != null;
            discardBody(request);
            write(
                    response,
                    error(
                            401,
                            "unauthorized",
                            sent
                                    ? "invalid credentials"
                                    : "credentials are required"
                                            + " (HTTP basic with the admin user, or a bearer token)"));
            return;
        }
        String base = request.getContextPath() + ApiHandler.BASE;
        String uri = request.getRequestURI();
        String path = uri.startsWith(base) ? uri.substring(base.length()) : "";
        try {
            byte[] body = body(request);
            ApiHandler.Reply reply = handler.handle(request.getMethod(), path, principal.get(), body);
            if (reply.location() != null) {
                response.setHeader("Location", request.getContextPath() + reply.location());
            }
            write(response, reply);
        } catch (ApiError e) {
            if (e.status == 405) {
                ObjectNode probe = handler.mapper().createObjectNode();
                e.details.accept(probe);
                response.setHeader("Allow", probe.path("allow").asText());
            }
            write(response, error(e));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Sabot HTTP API: " + request.getMethod() + " " + uri + " failed", e);
            write(response, error(500, "internal_error", "the request failed on the server; its log says why"));
        }
    }

    private void refuseThrottled(HttpServletRequest request, HttpServletResponse response, long seconds)
            throws IOException {
        discardBody(request);
        response.setHeader("Retry-After", String.valueOf(seconds));
        write(
                response,
                error(
                        429,
                        "too_many_failed_logins",
                        "too many failed logins from this address: try again in " + seconds + " s"));
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY) {
            throw tooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY) {
                    throw tooLarge();
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads a refused request's body (up to {@value #MAX_BODY} bytes) without looking at it: a reply sent while the
     * client is still sending its body makes the server close the connection, and the client sees a broken pipe
     * instead of the 401.
     */
    private static void discardBody(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_BODY) {
            return; // not worth reading: the connection closes after the reply
        }
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            long read = 0;
            for (int n; read <= MAX_BODY && (n = in.read(buffer)) > 0; ) {
                read += n;
            }
        } catch (IOException e) {
            // the client went away: nothing to reply to
        }
    }

    private static ApiError tooLarge() {
        return new ApiError(413, "body_too_large", "the body exceeds " + MAX_BODY + " bytes");
    }

    private ApiHandler.Reply error(ApiError e) {
        ObjectNode body = handler.mapper().createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", e.code);
        error.put("message", e.getMessage());
        e.details.accept(error);
        return new ApiHandler.Reply(e.status, body);
    }

    private ApiHandler.Reply error(int status, String code, String message) {
        return error(new ApiError(status, code, message));
    }

    private void write(HttpServletResponse response, ApiHandler.Reply reply) throws IOException {
        ObjectMapper json = handler.mapper();
        response.setStatus(reply.status());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writerWithDefaultPrettyPrinter().writeValue(response.getOutputStream(), reply.body());
    }
}
