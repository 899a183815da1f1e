package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.runtime.PluginKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The HTTP API v1 in the distribution on Felix and Jetty, called with a real HTTP client: a datagen job submitted,
 * listed with its rows increasing, savepointed, cancelled, and another stopped with a savepoint; every endpoint
 * refuses requests without valid credentials (401 with challenges); bad SQL gets 400 with line and column; a bearer
 * token declared as configuration works until its configuration is deleted. The admin password is generated for this
 * run and handed over as a hash, as the launcher does; it must not appear in any reply or in the output captured
 * while the tests run.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpApiIT extends SabotTestSupport {

    /** Where the test's configuration hands the plain password to the test methods in the framework. */
    private static final String PASSWORD_PROPERTY = "sabot.itest.api.password";

    static final String SCRIPT =
            """
            CREATE TABLE events (
              id BIGINT,
              ts AS TIMESTAMPADD(SECOND, CAST(id AS INT), TIMESTAMP '2024-01-01 00:00:00'),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
            ) WITH ('connector' = 'datagen', 'rows-per-second' = '500',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '100000000');
            CREATE TABLE counts (w TIMESTAMP(3), n BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO counts SELECT TUMBLE_START(ts, INTERVAL '10' SECOND), COUNT(*) FROM events
              GROUP BY TUMBLE(ts, INTERVAL '10' SECOND);
            """;

    @Inject
    ConfigurationAdmin configurationAdmin;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> replies = new ArrayList<>();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;
    private String password;

    @Override
    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.configuration()));
        String generated = HexFormat.of().formatHex(SecureRandom.getSeed(16));
        // this test sends many bad credentials from one address on purpose: LoginSecurityIT tests the lock-out
        options.add(frameworkProperty("sabot.api.login.free-failures").value("1000000"));
        options.add(frameworkProperty("felix.webconsole.username").value("admin"));
        options.add(frameworkProperty("felix.webconsole.password").value(hash(generated)));
        options.add(frameworkProperty(PASSWORD_PROPERTY).value(generated));
        return options.toArray(new Option[0]);
    }

    /** The launcher's {@code {sha-256}<salt>-<iterations>-<base64>}. */
    static String hash(String password) {
        try {
            String salt = HexFormat.of().formatHex(SecureRandom.getSeed(8));
            byte[] value = (salt + password).getBytes(StandardCharsets.UTF_8);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 1000; i++) {
                md.reset();
                value = md.digest(value);
            }
            return "{sha-256}" + salt + "-1000-" + Base64.getEncoder().encodeToString(value);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Before
    public void capture() {
        password = bundleContext.getProperty(PASSWORD_PROPERTY);
        assertNotNull(password);
        out = System.out;
        err = System.err;
        System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
    }

    @After
    public void neverThePassword() {
        System.setOut(out);
        System.setErr(err);
        String log = captured.toString(StandardCharsets.UTF_8);
        assertFalse("the admin password appeared in the captured output", log.contains(password));
        for (String reply : replies) {
            assertFalse("the admin password appeared in a reply: " + reply, reply.contains(password));
        }
        assertFalse("no reply was checked", replies.isEmpty());
    }

    private String base() {
        return "http://127.0.0.1:" + bundleContext.getProperty("org.osgi.service.http.port") + "/sabot/api/v1";
    }

    private String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        replies.add(response.body());
        assertEquals(
                "application/json;charset=utf-8",
                response.headers()
                        .firstValue("Content-Type")
                        .orElse("")
                        .toLowerCase()
                        .replace(" ", ""));
        assertFalse(
                response.body(),
                response.body().contains("\tat ") || response.body().contains("Exception:"));
        return response;
    }

    private JsonNode admin(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = call(method, path, body, basic("admin", password));
        assertEquals(method + " " + path + ": " + response.body(), expectedStatus, response.statusCode());
        return json.readTree(response.body());
    }

    private JsonNode awaitJob(String id, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L; // a hang guard, not a performance bound
        while (true) {
            JsonNode job = admin("GET", "/jobs/" + id, null, 200);
            if (condition.test(job)) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + ": still waiting for " + what + "; last: " + job);
            }
            Thread.sleep(100);
        }
    }

    @Test
    public void everyEndpointRefusesRequestsWithoutValidCredentials() throws Exception {
        String[][] endpoints = {
            {"GET", ""},
            {"GET", "/jobs"},
            {"POST", "/jobs"},
            {"GET", "/jobs/job-1"},
            {"POST", "/jobs/job-1/cancel"},
            {"POST", "/jobs/job-1/stop"},
            {"POST", "/jobs/job-1/savepoints"},
            {"GET", "/plugins"},
            {"GET", "/nothing"},
            {"DELETE", "/jobs"}
        };
        String body = json.writeValueAsString(json.createObjectNode().put("sql", SCRIPT));
        for (String[] e : endpoints) {
            for (String authorization : new String[] {
                null,
                basic("admin", password + "x"),
                basic("admin", "admin"),
                basic("root", password),
                "Bearer " + password,
                "Bearer not-a-token",
                "Digest username=\"admin\""
            }) {
                HttpResponse<String> response = call(e[0], e[1], e[0].equals("POST") ? body : null, authorization);
                String what = e[0] + " " + e[1] + " with " + authorization;
                assertEquals(what + ": " + response.body(), 401, response.statusCode());
                assertTrue(
                        what,
                        response.headers().allValues("WWW-Authenticate").stream()
                                .anyMatch(c -> c.startsWith("Basic realm=\"Sabot\"")));
                assertEquals(
                        what,
                        "unauthorized",
                        json.readTree(response.body()).at("/error/code").asText());
            }
        }
        assertTrue(registry.snapshot().plugins().size() > 0);
        assertEquals("nothing was submitted", 0, jobsNamed("api-").size());
    }

    private List<JsonNode> jobsNamed(String prefix) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode job : admin("GET", "/jobs", null, 200).get("jobs")) {
            if (job.path("name").asText("").startsWith(prefix)) {
                found.add(job);
            }
        }
        return found;
    }

    @Test
    public void submitListSavepointStopAndCancelADatagenJob() throws Exception {
        awaitRegistry(
                s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent()
                        && s.active(PluginKind.CONNECTOR, "blackhole").isPresent(),
                10_000);
        ObjectNode request = json.createObjectNode().put("sql", SCRIPT).put("name", "api-counts");
        request.putObject("settings").put("parallelism.default", "1");
        HttpResponse<String> submitted =
                call("POST", "/jobs", json.writeValueAsString(request), basic("admin", password));
        assertEquals(submitted.body(), 201, submitted.statusCode());
        JsonNode started = json.readTree(submitted.body()).get("jobs");
        assertEquals(1, started.size());
        String id = started.get(0).get("id").asText();
        assertTrue(id, id.matches("job-\\d+"));
        assertEquals(
                "/sabot/api/v1/jobs/" + id,
                submitted.headers().firstValue("Location").orElse(""));
        assertEquals("api-counts", started.get(0).get("name").asText());

        List<JsonNode> listed = jobsNamed("api-counts");
        assertEquals(1, listed.size());
        assertEquals(id, listed.get(0).get("id").asText());
        assertEquals("RUNNING", listed.get(0).get("state").asText());

        long first = awaitJob(id, j -> j.get("rowsIn").asLong() > 0, "rows")
                .get("rowsIn")
                .asLong();
        JsonNode later = awaitJob(id, j -> j.get("rowsIn").asLong() > first, "more rows");
        assertTrue(later.get("plan").asText(), later.get("plan").asText().contains("default.counts"));
        assertTrue(later.toString(), later.get("operators").size() >= 2);
        assertTrue(
                later.toString(),
                later.get("operators").findValuesAsText("kind").contains("source"));
        assertEquals(
                later.get("id").asText(),
                admin("GET", "/jobs/api-counts", null, 200).get("id").asText());
        awaitJob(id, j -> j.hasNonNull("watermark"), "a watermark");

        Path target = Files.createTempDirectory("sabot-api-savepoints");
        JsonNode savepoint = admin(
                "POST",
                "/jobs/" + id + "/savepoints",
                json.createObjectNode().put("directory", target.toString()).toString(),
                201);
        Path taken = Path.of(savepoint.at("/savepoint/path").asText());
        assertEquals(target, taken.getParent());
        assertTrue(Files.isRegularFile(taken.resolve("_metadata.json")));
        assertEquals(id, savepoint.at("/savepoint/job").asText());
        assertEquals(
                savepoint.at("/savepoint/id").asLong(),
                admin("GET", "/jobs/" + id, null, 200).at("/lastCheckpoint/id").asLong());

        JsonNode cancelled = admin("POST", "/jobs/" + id + "/cancel", null, 202);
        assertEquals(id, cancelled.at("/job/id").asText());
        awaitJob(id, j -> j.get("state").asText().equals("CANCELED"), "CANCELED");
        assertEquals(
                "job_not_running",
                admin("POST", "/jobs/" + id + "/cancel", null, 409)
                        .at("/error/code")
                        .asText());
        assertEquals(
                "job_not_running",
                admin("POST", "/jobs/" + id + "/savepoints", null, 409)
                        .at("/error/code")
                        .asText());

        // stop with a savepoint, into the job's default directory
        request.put("name", "api-stopped");
        String second =
                admin("POST", "/jobs", request.toString(), 201).at("/jobs/0/id").asText();
        awaitJob(second, j -> j.get("rowsIn").asLong() > 0, "rows");
        JsonNode stopped = admin("POST", "/jobs/" + second + "/stop", null, 200);
        assertTrue(stopped.at("/savepoint/stopped").asBoolean());
        assertEquals("STOPPED", stopped.at("/job/state").asText());
        assertTrue(Files.isRegularFile(
                Path.of(stopped.at("/savepoint/path").asText()).resolve("_metadata.json")));

        assertEquals(
                "job_not_found",
                admin("GET", "/jobs/job-999999", null, 404).at("/error/code").asText());
        assertEquals(
                "job_not_found",
                admin("POST", "/jobs/nope/cancel", null, 404).at("/error/code").asText());
    }

    @Test
    public void badRequestsGetTheirReasonAndPosition() throws Exception {
        String bad = "CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen');\nINSERT INTO t\nSELEC id FROM t;";
        JsonNode error = admin(
                        "POST", "/jobs", json.createObjectNode().put("sql", bad).toString(), 400)
                .get("error");
        assertEquals("invalid_sql", error.get("code").asText());
        assertEquals(error.toString(), 3, error.get("line").asInt());
        assertEquals(error.toString(), 1, error.get("column").asInt());
        assertTrue(error.toString(), error.get("message").asText().contains("line 3, column 1"));

        JsonNode select = admin(
                        "POST",
                        "/jobs",
                        json.createObjectNode()
                                .put(
                                        "sql",
                                        "CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen');\n  SELECT id FROM t;")
                                .toString(),
                        400)
                .get("error");
        assertEquals("invalid_sql", select.get("code").asText());
        assertEquals(2, select.get("line").asInt());
        assertEquals(3, select.get("column").asInt());

        JsonNode options = admin(
                        "POST",
                        "/jobs",
                        json.createObjectNode()
                                .put(
                                        "sql",
                                        "CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-secnd' = '1');\n"
                                                + "CREATE TABLE s (id BIGINT) WITH ('connector' = 'blackhole');\nINSERT INTO s SELECT id FROM t;")
                                .toString(),
                        400)
                .get("error");
        assertTrue(options.toString(), options.toString().contains("rows-per-secnd"));

        JsonNode notJson = admin("POST", "/jobs", "{\"sql\": \n nope}", 400).get("error");
        assertEquals("invalid_json", notJson.get("code").asText());
        assertEquals(2, notJson.get("line").asInt());
        assertEquals(
                "unknown_field",
                admin("POST", "/jobs", "{\"sql\": \"x\", \"sqll\": 1}", 400)
                        .at("/error/code")
                        .asText());
        assertEquals(
                "missing_field",
                admin("POST", "/jobs", "{\"name\": \"x\"}", 400)
                        .at("/error/code")
                        .asText());
        assertEquals(
                "missing_body",
                admin("POST", "/jobs", null, 400).at("/error/code").asText());
        HttpResponse<String> delete = call("DELETE", "/jobs", null, basic("admin", password));
        assertEquals(405, delete.statusCode());
        assertEquals("GET, POST", delete.headers().firstValue("Allow").orElse(""));
        assertEquals(
                "not_found",
                admin("GET", "/nothing", null, 404).at("/error/code").asText());
    }

    @Test
    public void pluginsListEveryKindWithOptions() throws Exception {
        awaitRegistry(s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent(), 10_000);
        JsonNode plugins = admin("GET", "/plugins", null, 200);
        JsonNode datagen = null;
        for (JsonNode p : plugins.get("plugins")) {
            if (p.get("kind").asText().equals("connector")
                    && p.get("identifier").asText().equals("datagen")) {
                datagen = p;
            }
        }
        assertNotNull(plugins.toString(), datagen);
        assertTrue(
                datagen.toString(),
                datagen.get("options").findValuesAsText("key").contains("rows-per-second"));
        assertTrue(plugins.get("failures").isArray());
        assertTrue(plugins.get("plugins").findValuesAsText("kind").contains("format"));
    }

    @Test
    public void aBearerTokenWorksWhileItsConfigurationExists() throws Exception {
        String token = "sabot_" + HexFormat.of().formatHex(SecureRandom.getSeed(32));
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        assertEquals(401, call("GET", "/jobs", null, "Bearer " + token).statusCode());
        org.osgi.service.cm.Configuration config =
                configurationAdmin.getFactoryConfiguration("io.sabot.api.token", "itest", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("name", "itest");
        properties.put("token.sha256", sha);
        config.update(properties);
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (call("GET", "/jobs", null, "Bearer " + token).statusCode() != 200) {
                assertTrue("the token was not accepted within 30 s", System.nanoTime() < deadline);
                Thread.sleep(50);
            }
        } finally {
            config.delete();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (call("GET", "/jobs", null, "Bearer " + token).statusCode() != 401) {
            assertTrue("the deleted token still works after 30 s", System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    /** Writes to the original stream and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            synchronized (b) {
                b.write(bytes, off, len);
            }
        }
    }
}
