package io.sabot.api.http.internal;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.api.http.HttpSecurity;
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
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The HTTP API v1 under {@value ApiHandler#BASE}, a servlet on the HTTP whiteboard in the authenticating servlet
 * context ({@link SecurityContext}): a request reaches it only with valid credentials, as a {@link Principal}. Replies are JSON; errors
 * are {@code {"error": {"code", "message"}}} with the status that fits, and an unexpected exception is logged here and
 * answered 500 without its details.
 */
@Component(
        service = Servlet.class,
        property = {
            "osgi.http.whiteboard.servlet.pattern=" + ApiHandler.BASE,
            "osgi.http.whiteboard.servlet.pattern=" + ApiHandler.BASE + "/*",
            "osgi.http.whiteboard.servlet.name=sabot-api-v1",
            "osgi.http.whiteboard.context.select=" + HttpSecurity.CONTEXT_SELECT
        })
public final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Larger bodies are refused (413): a SQL script is far smaller. */
    static final int MAX_BODY = 1 << 20;

    /** The JDK's logger facade: no logging package to import (the framework may hold several slf4j providers). */
    private static final System.Logger LOG = System.getLogger(ApiServlet.class.getName());

    private final transient ApiHandler handler;
    private transient volatile MetricRegistry metrics;

    @Activate
    public ApiServlet(@Reference JobRegistry jobs, @Reference PluginRegistry plugins, @Reference Tenants tenants) {
        this.handler = new ApiHandler(jobs, plugins, () -> metrics, tenants);
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
        // the servlet context (SecurityContext) authenticated the request and refused it otherwise
        Object principal = request.getAttribute(SecurityContext.PRINCIPAL_ATTRIBUTE);
        if (!(principal instanceof Principal p)) {
            throw new IllegalStateException("a request reached the API outside the " + HttpSecurity.CONTEXT_NAME
                    + " servlet context, unauthenticated");
        }
        String uri = request.getRequestURI();
        String base = request.getContextPath() + ApiHandler.BASE;
        String path = uri.startsWith(base) ? uri.substring(base.length()) : "";
        try {
            byte[] body = body(request);
            ApiHandler.Reply reply = handler.handle(request.getMethod(), path, p, body);
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
