package io.sabot.api.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.PluginSnapshot;
import io.sabot.runtime.internal.exec.JobRegistryService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.Test;

/**
 * Routing and authorisation of the endpoints, before any job exists: a principal without the admin role gets 403 on
 * every endpoint, unknown paths 404, wrong methods 405 naming the allowed ones, unknown jobs 404, bad bodies 400.
 */
public class ApiHandlerTest {

    /** A container without plug-ins. */
    private static final PluginRegistry NO_PLUGINS = new PluginRegistry() {
        @Override
        public PluginSnapshot snapshot() {
            return new PluginSnapshot(0, List.of(), List.of());
        }

        @Override
        public AutoCloseable addListener(java.util.function.Consumer<PluginSnapshot> listener) {
            return () -> {};
        }
    };

    private final ApiHandler handler = new ApiHandler(new JobRegistryService(), NO_PLUGINS, () -> null);
    private final Principal admin = new Principal("admin", "basic", Set.of(Principal.Role.ADMIN));
    private final Principal nobody = new Principal("tenant-a", "bearer", Set.of());

    private ApiError error(String method, String path, Principal principal, String body) {
        try {
            handler.handle(method, path, principal, body.getBytes(StandardCharsets.UTF_8));
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError(method + " " + path + " succeeded");
    }

    @Test
    public void withoutTheAdminRoleEveryEndpointIs403() {
        for (String[] e : List.of(
                new String[] {"GET", ""},
                new String[] {"GET", "/jobs"},
                new String[] {"POST", "/jobs"},
                new String[] {"GET", "/jobs/job-1"},
                new String[] {"POST", "/jobs/job-1/cancel"},
                new String[] {"POST", "/jobs/job-1/stop"},
                new String[] {"POST", "/jobs/job-1/savepoints"},
                new String[] {"GET", "/plugins"})) {
            ApiError error = error(e[0], e[1], nobody, "");
            assertEquals(e[0] + " " + e[1], 403, error.status);
            assertEquals("forbidden", error.code);
            assertTrue(error.getMessage(), error.getMessage().contains("tenant-a"));
        }
    }

    @Test
    public void routesAnswerWithTheStatusThatFits() {
        assertEquals(404, error("GET", "/nothing", admin, "").status);
        assertEquals(404, error("GET", "/jobs/job-1/pause", admin, "").status);
        ApiError method = error("DELETE", "/jobs", admin, "");
        assertEquals(405, method.status);
        assertEquals("GET, POST", method.getMessage().replaceAll(".*\\(allowed: (.*)\\)", "$1"));
        ApiError job = error("GET", "/jobs/no%20such%20job", admin, "");
        assertEquals(404, job.status);
        assertEquals("job_not_found", job.code);
        assertTrue(job.getMessage(), job.getMessage().contains("'no such job'"));
        assertEquals(400, error("GET", "/jobs/%zz", admin, "").status);
        assertEquals(200, handler.handle("GET", "", admin, new byte[0]).status());
    }

    @Test
    public void badBodiesAre400NamingTheProblem() {
        assertEquals("missing_body", error("POST", "/jobs", admin, "").code);
        ApiError json = error("POST", "/jobs", admin, "{\n  \"sql\": nope\n}");
        assertEquals("invalid_json", json.code);
        assertTrue(json.getMessage(), json.getMessage().contains("line 2"));
        assertEquals("invalid_json", error("POST", "/jobs", admin, "[1]").code);
        ApiError unknown = error("POST", "/jobs", admin, "{\"sql\": \"x\", \"parallelism\": 2}");
        assertEquals("unknown_field", unknown.code);
        assertTrue(unknown.getMessage(), unknown.getMessage().contains("'parallelism'"));
        assertEquals("missing_field", error("POST", "/jobs", admin, "{\"sql\": \"  \"}").code);
        assertEquals("invalid_field", error("POST", "/jobs", admin, "{\"sql\": \"x\", \"settings\": [1]}").code);
        assertEquals(
                "invalid_field",
                error("POST", "/jobs", admin, "{\"sql\": \"x\", \"settings\": {\"a\": {\"b\": 1}}}").code);
        assertEquals(
                "{\"jobs\":[]}",
                handler.handle("GET", "/jobs", admin, new byte[0]).body().toString());
        assertEquals(
                "{\"generation\":0,\"plugins\":[],\"failures\":[]}",
                handler.handle("GET", "/plugins", admin, new byte[0]).body().toString());
    }
}
