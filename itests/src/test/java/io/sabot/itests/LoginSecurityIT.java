package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import com.codahale.metrics.MetricRegistry;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.PluginKind;
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
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Login security of every HTTP endpoint in the distribution: no endpoint (the API, /health, a Prometheus exporter's
 * path, the web console) answers without credentials or with wrong ones; admin/admin is refused; a password saved in the
 * web console's configuration (Config Admin, as its form does) is accepted without a restart and the old one refused;
 * after five failed logins from an address the sixth request gets 429 with Retry-After, whatever its credentials and
 * whichever Sabot endpoint it asks; a tenant's token scrapes its own jobs' metrics only.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoginSecurityIT extends SabotTestSupport {

    private static final String PASSWORD_PROPERTY = "sabot.itest.api.password";
    private static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    JobRegistry jobs;

    @Inject
    Tenants tenants;

    @Inject
    @Filter("(sabot.metrics.registry=node)")
    MetricRegistry metrics;

    /** The admin password now: the launcher's, until the other test saves another in the console's configuration. */
    private static volatile String adminPassword;

    private final HttpClient http = HttpClient.newHttpClient();

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

    private HttpResponse<String> get(String user, String password) throws Exception {
        return request("/sabot/api/v1/jobs", basic(user, password));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** GET {@code path} with this {@code Authorization} header (null: anonymous). */
    private HttpResponse<String> request(String path, String authorization) throws Exception {
        String url = "http://127.0.0.1:" + bundleContext.getProperty("org.osgi.service.http.port") + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private synchronized String adminPassword() {
        if (adminPassword == null) {
            adminPassword = bundleContext.getProperty(PASSWORD_PROPERTY);
        }
        return adminPassword;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L; // a hang guard, not a performance bound
        while (!condition.getAsBoolean()) {
            assertTrue("still waiting for " + what, System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }

    private org.osgi.service.cm.Configuration tenantToken(String tenant, String token) throws Exception {
        String sha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        org.osgi.service.cm.Configuration c =
                configurationAdmin.getFactoryConfiguration("io.sabot.api.token", "login-" + tenant, "?");
        c.update(new Hashtable<>(
                Map.of("name", tenant + "-scraper", "token.sha256", sha, "role", "tenant", "tenant", tenant)));
        return c;
    }

    @Test
    public void noEndpointAnswersWithoutCredentialsAndATenantScrapesOnlyItsOwnMetrics() throws Exception {
        awaitRegistry(
                s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent()
                        && s.active(PluginKind.CONNECTOR, "blackhole").isPresent()
                        && s.active(PluginKind.METRICS_EXPORTER, "prometheus").isPresent(),
                10_000);
        List<org.osgi.service.cm.Configuration> created = new ArrayList<>();
        List<JobInfo> started = new ArrayList<>();
        try {
            created.add(MetricsExporting.configure(
                    configurationAdmin, "login-prom", "type", "prometheus", "path", "/login-metrics"));
            for (String tenant : List.of("acme", "beta")) {
                org.osgi.service.cm.Configuration c =
                        configurationAdmin.getFactoryConfiguration(Tenants.PID, "login-" + tenant, "?");
                c.update(new Hashtable<>(Map.of("id", tenant)));
                created.add(c);
            }
            await(
                    "both tenants",
                    () -> tenants.tenant("acme").isPresent()
                            && tenants.tenant("beta").isPresent());
            String acmeToken = "sabot_" + HexFormat.of().formatHex(SecureRandom.getSeed(32));
            created.add(tenantToken("acme", acmeToken));
            started.addAll(jobs.forTenant("acme").submit(TenantsIT.SCRIPT, "acme-orders", Map.of()));
            started.addAll(jobs.forTenant("beta").submit(TenantsIT.SCRIPT, "beta-billing", Map.of()));
            await(
                    "both jobs' rows in the node registry",
                    () -> metrics.getMeters().entrySet().stream()
                                    .anyMatch(e -> e.getKey().startsWith("sabot.acme.acme-orders.")
                                            && e.getValue().getCount() > 0)
                            && metrics.getMeters().entrySet().stream()
                                    .anyMatch(e -> e.getKey().startsWith("sabot.beta.beta-billing.")
                                            && e.getValue().getCount() > 0));
            String admin = basic("admin", adminPassword());
            await("the exporter's path", () -> {
                try {
                    return request("/login-metrics", admin).statusCode() == 200;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            for (String path : List.of("/health", "/login-metrics", "/sabot/api/v1/jobs", "/system/console/bundles")) {
                HttpResponse<String> anonymous = request(path, null);
                assertEquals(path + " anonymous: " + anonymous.body(), 401, anonymous.statusCode());
                assertTrue(
                        path, anonymous.headers().firstValue("WWW-Authenticate").isPresent());
                assertFalse(path, anonymous.body().contains("sabot_"));
                HttpResponse<String> wrong = request(path, basic("admin", adminPassword() + "-wrong"));
                assertEquals(path + " wrong password", 401, wrong.statusCode());
                HttpResponse<String> ok = request(path, admin);
                assertEquals(path + " as admin: " + ok.body(), 200, ok.statusCode());
                assertFalse(path, ok.body().isBlank());
            }
            assertTrue(request("/health", admin).body().contains("\"healthy\""));

            // the administrator's scrape holds every tenant's job metrics; acme's token only acme's
            String all = request("/login-metrics", admin).body();
            assertTrue(all, all.contains("job=\"acme-orders\""));
            assertTrue(all, all.contains("job=\"beta-billing\""));
            HttpResponse<String> acme;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while ((acme = request("/login-metrics", "Bearer " + acmeToken)).statusCode() == 401
                    && System.nanoTime() < deadline) {
                Thread.sleep(50); // the token's configuration activates asynchronously
            }
            assertEquals(acme.body(), 200, acme.statusCode());
            assertTrue(acme.body(), acme.body().contains("sabot_records_in_total{tenant=\"acme\",job=\"acme-orders\""));
            assertFalse(acme.body(), acme.body().contains("beta"));
            assertFalse("no node (JVM) metrics for a tenant", acme.body().contains("tenant=\"default\""));
            assertEquals(
                    "a tenant's token is no admin on the console: it opens the Sabot Jobs page only",
                    403,
                    request("/system/console/bundles", "Bearer " + acmeToken).statusCode());
        } finally {
            for (JobInfo job : started) {
                jobs.cancel(job.id());
            }
            for (org.osgi.service.cm.Configuration c : created) {
                c.delete();
            }
        }
    }

    @Test
    public void consolePasswordChangeAppliesAtOnceAndFailedLoginsAreThrottled() throws Exception {
        String initial = adminPassword();
        assertEquals(200, get("admin", initial).statusCode());
        assertEquals(
                "default credentials must not exist", 401, get("admin", "admin").statusCode());

        String changed = "changed-" + HexFormat.of().formatHex(SecureRandom.getSeed(12));
        org.osgi.service.cm.Configuration console = configurationAdmin.getConfiguration(CONSOLE_PID, null);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("username", "admin");
        properties.put("password", changed);
        console.update(properties);
        long deadline = System.currentTimeMillis() + 30_000;
        int status;
        while ((status = get("admin", changed).statusCode()) != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100); // the configuration event is asynchronous
        }
        assertEquals("the password saved in the console's configuration", 200, status);
        adminPassword = changed;
        assertEquals(
                "the launcher's password no longer works",
                401,
                get("admin", initial).statusCode());

        // the change above succeeded last, so the address starts with a clean record; 401s above were two failures,
        // cleared by the success
        for (int i = 0; i < 5; i++) {
            assertEquals(401, get("admin", "wrong-" + i).statusCode());
        }
        HttpResponse<String> throttled = get("admin", "wrong-again");
        assertEquals(throttled.body(), 429, throttled.statusCode());
        assertTrue(throttled.headers().firstValue("Retry-After").isPresent());
        HttpResponse<String> evenRight = get("admin", changed);
        assertEquals("refused while locked, even with the right password", 429, evenRight.statusCode());
        assertFalse(evenRight.body().contains(changed));
        assertEquals(
                "the lock-out covers every Sabot endpoint",
                429,
                request("/health", basic("admin", changed)).statusCode());
        long retry =
                Long.parseLong(evenRight.headers().firstValue("Retry-After").orElseThrow());
        Thread.sleep(retry * 1000 + 100);
        assertEquals(
                "after Retry-After the right password works",
                200,
                get("admin", changed).statusCode());
    }
}
