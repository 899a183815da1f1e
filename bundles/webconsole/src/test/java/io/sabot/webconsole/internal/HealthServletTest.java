package io.sabot.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.api.http.HttpSecurity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;

/**
 * The servlet's HTTP contract, driven through {@code HttpServlet.service} as a container calls it: 200 and JSON when
 * every check is healthy, 503 when one is not, the text form for the CLI, 400 naming a bad format.
 */
public class HealthServletTest {

    /** What the servlet set on the response. */
    static final class Captured {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        String contentType;
        final StringWriter body = new StringWriter();
    }

    private static Captured get(HealthServlet servlet, String format) throws Exception {
        return get(servlet, format, null);
    }

    /** GET as the authenticating context passes it on: {@code tenant} in the tenant attribute, or none (admin). */
    private static Captured get(HealthServlet servlet, String format, String tenant) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                HealthServletTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    return switch (m.getName()) {
                        case "getMethod" -> "GET";
                        case "getParameter" -> "format".equals(a[0]) ? format : null;
                        case "getAttribute" -> HttpSecurity.TENANT_ATTRIBUTE.equals(a[0]) ? tenant : null;
                        case "getProtocol" -> "HTTP/1.1";
                        case "getDateHeader" -> -1L;
                        default -> m.getReturnType() == boolean.class
                                ? false
                                : m.getReturnType() == int.class ? 0 : m.getReturnType() == long.class ? 0L : null;
                    };
                });
        Captured captured = new Captured();
        PrintWriter writer = new PrintWriter(captured.body);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                HealthServletTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> captured.status = (Integer) a[0];
                        case "setContentType" -> captured.contentType = (String) a[0];
                        case "setHeader" -> captured.headers.put((String) a[0], (String) a[1]);
                        case "getWriter" -> {
                            return writer;
                        }
                        default -> {}
                    }
                    return m.getReturnType() == boolean.class ? false : null;
                });
        servlet.service(request, response);
        writer.flush();
        return captured;
    }

    @Test
    public void answers200WhenHealthyAnd503WithTheFailingCheckWhenNot() throws Exception {
        HealthCheckRegistry registry = new HealthCheckRegistry();
        AtomicBoolean running = new AtomicBoolean(true);
        registry.register("sabot.default.job-1.running", new HealthCheck() {
            @Override
            protected Result check() {
                return running.get() ? Result.healthy("running") : Result.unhealthy("failed: disk full");
            }
        });
        registry.register("sabot.default.job-1.watermark", new HealthCheck() {
            @Override
            protected Result check() {
                return Result.healthy("no watermark yet");
            }
        });
        HealthServlet servlet = new HealthServlet(registry);
        ObjectMapper json = new ObjectMapper();

        Captured ok = get(servlet, null);
        assertEquals(200, ok.status);
        assertEquals("application/json", ok.contentType);
        JsonNode body = json.readTree(ok.body.toString());
        assertTrue(body.get("healthy").asBoolean());
        assertEquals(
                "running",
                body.get("checks")
                        .get("sabot.default.job-1.running")
                        .get("message")
                        .asText());

        running.set(false);
        Captured failing = get(servlet, "json");
        assertEquals(503, failing.status);
        body = json.readTree(failing.body.toString());
        assertFalse(body.get("healthy").asBoolean());
        JsonNode check = body.get("checks").get("sabot.default.job-1.running");
        assertFalse(check.get("healthy").asBoolean());
        assertEquals("failed: disk full", check.get("message").asText());
        assertTrue(body.get("checks")
                .get("sabot.default.job-1.watermark")
                .get("healthy")
                .asBoolean());

        Captured text = get(servlet, "text");
        assertEquals(503, text.status);
        String lines = text.body.toString();
        assertTrue(lines, lines.contains("UNHEALTHY sabot.default.job-1.running: failed: disk full\n"));
        assertTrue(lines, lines.contains("HEALTHY   sabot.default.job-1.watermark: no watermark yet\n"));
        assertTrue(lines, lines.endsWith("unhealthy: 1 of 2 checks failed\n"));
    }

    @Test
    public void aTenantSeesOnlyItsOwnJobsChecksAndTheAdministratorAll() throws Exception {
        HealthCheckRegistry registry = new HealthCheckRegistry();
        for (String name : new String[] {"sabot.acme.hourly.running", "sabot.beta.nightly.running"}) {
            registry.register(name, new HealthCheck() {
                @Override
                protected Result check() {
                    return name.contains("beta") ? Result.unhealthy("failed: beta's secret") : Result.healthy("ok");
                }
            });
        }
        HealthServlet servlet = new HealthServlet(registry);

        Captured acme = get(servlet, "text", "acme");
        assertEquals("beta's failing check does not make acme unhealthy", 200, acme.status);
        assertTrue(acme.body.toString(), acme.body.toString().contains("sabot.acme.hourly.running"));
        assertFalse(acme.body.toString(), acme.body.toString().contains("beta"));

        Captured beta = get(servlet, null, "beta");
        assertEquals(503, beta.status);
        JsonNode checks = new ObjectMapper().readTree(beta.body.toString()).path("checks");
        assertEquals(1, checks.size());
        assertTrue(checks.has("sabot.beta.nightly.running"));

        Captured admin = get(servlet, "text", null);
        assertEquals(503, admin.status);
        assertTrue(admin.body.toString().contains("sabot.acme.hourly.running"));
        assertTrue(admin.body.toString().contains("sabot.beta.nightly.running"));
    }

    @Test
    public void noChecksIsHealthyAndABadFormatIsNamed() throws Exception {
        HealthServlet servlet = new HealthServlet(new HealthCheckRegistry());
        Captured empty = get(servlet, "text");
        assertEquals(200, empty.status);
        assertEquals("healthy (0 checks)\n", empty.body.toString());
        Captured bad = get(servlet, "xml");
        assertEquals(400, bad.status);
        assertTrue(bad.body.toString(), bad.body.toString().contains("unknown format 'xml' (json or text)"));
    }
}
