package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.TenantInfo;
import io.sabot.runtime.Tenants;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Tenants in the distribution on Felix: tenant configurations created, changed and deleted at runtime through Config
 * Admin; tenant beta cannot see or touch tenant acme's job or tables through the Java API, the HTTP API (a tenant
 * token gets 404 for another tenant's job and 403 for the tenant list) or the shell; the quota refuses the N+1th job
 * with a message naming tenant, quota and running jobs, and a raised quota applies at once; deleting a tenant cancels
 * its jobs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TenantsIT extends SabotTestSupport {

    private static final String PASSWORD_PROPERTY = "sabot.itest.tenants.password";

    static final String SCRIPT =
            """
            CREATE TABLE events (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '200');
            CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
            INSERT INTO sink SELECT id FROM events;
            """;

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    JobRegistry jobs;

    @Inject
    Tenants tenants;

    @Inject
    CommandProcessor commandProcessor;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<org.osgi.service.cm.Configuration> configurations = new ArrayList<>();

    @Override
    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.configuration()));
        String generated = HexFormat.of().formatHex(SecureRandom.getSeed(16));
        options.add(frameworkProperty("felix.webconsole.username").value("admin"));
        options.add(frameworkProperty("felix.webconsole.password").value(HttpApiIT.hash(generated)));
        options.add(frameworkProperty(PASSWORD_PROPERTY).value(generated));
        return options.toArray(new Option[0]);
    }

    @After
    public void deleteConfigurations() throws Exception {
        for (org.osgi.service.cm.Configuration c : configurations) {
            try {
                c.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // the test deleted it itself
            }
        }
    }

    private org.osgi.service.cm.Configuration configure(String factoryPid, String name, Map<String, Object> values)
            throws Exception {
        org.osgi.service.cm.Configuration c = configurationAdmin.getFactoryConfiguration(factoryPid, name, "?");
        c.update(new Hashtable<>(values));
        configurations.add(c);
        return c;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(what + " within 30 s", System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    /** A random bearer token for a tenant, declared as configuration; returns the token. */
    private String token(String tenant) throws Exception {
        String token = "sabot_" + HexFormat.of().formatHex(SecureRandom.getSeed(32));
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        configure(
                "io.sabot.api.token",
                "itest-" + tenant,
                Map.of("name", tenant + "-ci", "token.sha256", sha, "role", "tenant", "tenant", tenant));
        await(
                "the token of " + tenant,
                () -> call("GET", "/jobs", null, "Bearer " + token).statusCode() == 200);
        return token;
    }

    private String admin() {
        String password = bundleContext.getProperty(PASSWORD_PROPERTY);
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> call(String method, String path, String body, String authorization) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + bundleContext.getProperty("org.osgi.service.http.port") + "/sabot/api/v1" + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json")
                    .header("Authorization", authorization);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String method, String path, String body, String authorization, int status) throws Exception {
        HttpResponse<String> response = call(method, path, body, authorization);
        assertEquals(method + " " + path + ": " + response.body(), status, response.statusCode());
        return json.readTree(response.body());
    }

    @Test
    public void tenantsAreIsolatedThroughTheJavaApiTheHttpApiAndTheShellAndQuotasApplyLive() throws Exception {
        awaitRegistry(
                s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent()
                        && s.active(PluginKind.CONNECTOR, "blackhole").isPresent(),
                10_000);
        org.osgi.service.cm.Configuration acmeConfig =
                configure(Tenants.PID, "acme", Map.of("id", "acme", "max.jobs", 1, "allowed.connectors", new String[] {
                    "datagen", "blackhole"
                }));
        org.osgi.service.cm.Configuration betaConfig = configure(Tenants.PID, "beta", Map.of("id", "beta"));
        await(
                "both tenants",
                () -> tenants.tenant("acme").isPresent()
                        && tenants.tenant("beta").isPresent());

        // Java API: acme's job, invisible and untouchable for beta; the admin sees it
        JobInfo acmeJob =
                jobs.forTenant("acme").submit(SCRIPT, "acme-hourly", Map.of()).get(0);
        String acmeId = acmeJob.id().split(" ")[0];
        JobRegistry beta = jobs.forTenant("beta");
        assertTrue(beta.details(acmeId).isEmpty());
        assertFalse(beta.cancel(acmeJob.id()));
        assertTrue(beta.jobs().stream().noneMatch(j -> j.id().equals(acmeJob.id())));
        assertEquals("acme", jobs.tenantOf(acmeId).orElseThrow());
        assertEquals(
                "sabot.acme.acme-hourly",
                jobs.details(acmeId).orElseThrow().metricsPrefix().orElseThrow());
        // tables belong to the script that created them: beta's script cannot read acme's 'events'
        try {
            beta.submit(
                    "CREATE TABLE out1 (id BIGINT) WITH ('connector' = 'blackhole');\n"
                            + "INSERT INTO out1 SELECT id FROM events;",
                    null,
                    Map.of());
            fail("beta read acme's table");
        } catch (RuntimeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("events"));
        }
        // the quota refuses the second job, naming tenant, quota and the running job
        try {
            jobs.forTenant("acme").submit(SCRIPT, "acme-second", Map.of());
            fail("acme ran a second job beyond max.jobs = 1");
        } catch (IllegalArgumentException e) {
            assertEquals("tenant acme: max.jobs = 1 reached (running: " + acmeId + ")", e.getMessage());
        }

        // HTTP API: tenant tokens see their own tenant only
        String acmeToken = token("acme");
        String betaToken = token("beta");
        JsonNode betaList = call("GET", "/jobs", null, "Bearer " + betaToken, 200);
        assertTrue(
                betaList.toString(),
                betaList.get("jobs").findValuesAsText("id").isEmpty()
                        || !betaList.get("jobs").findValuesAsText("id").contains(acmeId));
        assertEquals(
                "job_not_found",
                call("GET", "/jobs/" + acmeId, null, "Bearer " + betaToken, 404)
                        .at("/error/code")
                        .asText());
        assertEquals(
                "job_not_found",
                call("POST", "/jobs/" + acmeId + "/cancel", null, "Bearer " + betaToken, 404)
                        .at("/error/code")
                        .asText());
        assertEquals(
                "forbidden",
                call("GET", "/tenants", null, "Bearer " + betaToken, 403)
                        .at("/error/code")
                        .asText());
        JsonNode own = call("GET", "/jobs/" + acmeId, null, "Bearer " + acmeToken, 200);
        assertEquals("acme", own.get("tenant").asText());
        String request = json.createObjectNode().put("sql", SCRIPT).toString();
        JsonNode refused = call("POST", "/jobs", request, "Bearer " + acmeToken, 400);
        assertEquals(
                refused.toString(),
                "tenant acme: max.jobs = 1 reached (running: " + acmeId + ")",
                refused.at("/error/message").asText());
        JsonNode all = call("GET", "/tenants", null, admin(), 200);
        assertTrue(all.toString(), all.get("tenants").findValuesAsText("id").containsAll(List.of("acme", "beta")));
        assertTrue(
                all.toString(),
                call("GET", "/jobs", null, admin(), 200)
                        .get("jobs")
                        .findValuesAsText("id")
                        .contains(acmeId));

        // the shell: the tenants and their use; beta cannot cancel acme's job
        String listed = shell(commandProcessor, "sabot:tenants");
        assertTrue(listed, listed.contains("acme") && listed.contains("beta"));
        assertEquals(
                "No running job " + acmeId + " for tenant beta.",
                shell(commandProcessor, "sabot:tenantCancel beta " + acmeId).strip());
        assertEquals(JobInfo.State.RUNNING, jobs.job(acmeJob.id()).orElseThrow().state());
        // nor take a savepoint of it; acme can, and it lands in acme's own directory
        try {
            fail("beta took a savepoint of acme's job: "
                    + shell(commandProcessor, "sabot:tenantSavepoint beta " + acmeId));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("no job '" + acmeId + "'"));
        }
        String saved =
                shell(commandProcessor, "sabot:tenantSavepoint acme " + acmeId).strip();
        assertTrue(saved, saved.startsWith("Savepoint ") && saved.contains("acme"));
        assertEquals(JobInfo.State.RUNNING, jobs.job(acmeJob.id()).orElseThrow().state());

        // a raised quota applies to the next submission at once
        acmeConfig.update(new Hashtable<>(Map.of("id", "acme", "max.jobs", 2)));
        await(
                "max.jobs = 2",
                () -> tenants.tenant("acme").map(TenantInfo::maxJobs).orElse(0) == 2);
        JsonNode second = call("POST", "/jobs", request, "Bearer " + acmeToken, 201);
        String secondId = second.at("/jobs/0/id").asText();
        await(
                "acme's two jobs",
                () -> tenants.tenant("acme").orElseThrow().runningJobs().size() == 2);

        // deleting tenants at runtime: they vanish, their jobs end saying why, their tokens lose access
        acmeConfig.delete();
        betaConfig.delete();
        await("the tenants to go", () -> tenants.tenants().stream()
                .noneMatch(t -> List.of("acme", "beta").contains(t.id())));
        for (String id : List.of(acmeId, secondId)) {
            await(
                    "job " + id + " to end",
                    () -> jobs.details(id).orElseThrow().info().state() != JobInfo.State.RUNNING);
            JobInfo ended = jobs.details(id).orElseThrow().info();
            assertEquals(JobInfo.State.FAILED, ended.state());
            assertTrue(ended.failure().orElse(""), ended.failure().orElse("").startsWith("tenant acme was removed"));
        }
        assertEquals(
                "forbidden",
                call("GET", "/jobs", null, "Bearer " + acmeToken, 403)
                        .at("/error/code")
                        .asText());
    }
}
