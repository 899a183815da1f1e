package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.Tenants;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Tenants log in to the web console with the HTTP API's credentials (users of {@code io.sabot.api.user}) and see only
 * their own: tenant acme lists and submits through the Sabot Jobs page and its job runs as acme's; beta sees neither
 * the job nor its page and cannot cancel it by its id (404, exactly like a job that does not exist); a tenant gets 403
 * on the bundles and configuration pages and on the plug-in upload; a monitor user opens nothing; the admin still sees
 * everything; wrong passwords on the console count in the API's login throttle (one lock-out for both).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleTenantsIT extends SabotTestSupport {

    private static final String PASSWORD_PROPERTY = "sabot.itest.console.password";
    private static final String USER_PID = "io.sabot.api.user";

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    JobRegistry jobs;

    @Inject
    Tenants tenants;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String acmePassword = HexFormat.of().formatHex(SecureRandom.getSeed(16));
    private final String betaPassword = HexFormat.of().formatHex(SecureRandom.getSeed(16));
    private final String monitorPassword = HexFormat.of().formatHex(SecureRandom.getSeed(16));

    @Override
    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.configuration()));
        String password = HexFormat.of().formatHex(SecureRandom.getSeed(16));
        options.add(frameworkProperty("felix.webconsole.username").value("admin"));
        options.add(frameworkProperty("felix.webconsole.password").value(HttpApiIT.hash(password)));
        options.add(frameworkProperty(PASSWORD_PROPERTY).value(password));
        // one free failure: the throttle check below needs few wrong logins
        options.add(frameworkProperty("sabot.api.login.free-failures").value("1"));
        return options.toArray(new Option[0]);
    }

    @Test
    public void tenantsSeeOnlyTheirOwnJobsInTheConsoleAndTheAdminSeesAll() throws Exception {
        awaitRegistry(
                s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent()
                        && s.active(PluginKind.CONNECTOR, "blackhole").isPresent(),
                10_000);
        List<org.osgi.service.cm.Configuration> created = new ArrayList<>();
        List<String> started = new ArrayList<>();
        try {
            for (String tenant : List.of("acme", "beta")) {
                org.osgi.service.cm.Configuration c =
                        configurationAdmin.getFactoryConfiguration(Tenants.PID, "console-" + tenant, "?");
                c.update(new Hashtable<>(Map.of("id", tenant)));
                created.add(c);
            }
            created.add(user("acme-ops", acmePassword, "tenant", "acme"));
            created.add(user("beta-ops", betaPassword, "tenant", "beta"));
            created.add(user("probe", monitorPassword, "monitor", ""));
            await(
                    "both tenants",
                    () -> tenants.tenant("acme").isPresent()
                            && tenants.tenant("beta").isPresent());
            String acme = basic("acme-ops", acmePassword);
            String beta = basic("beta-ops", betaPassword);
            String admin = basic("admin", bundleContext.getProperty(PASSWORD_PROPERTY));
            // user configurations activate asynchronously; waiting by HTTP would count failures in the throttle
            for (String name : List.of("acme-ops", "beta-ops", "probe")) {
                await(name + "'s user service", () -> userActive(name));
            }

            // acme submits through the page's form; the job runs as acme's
            String acmeJob = submit(acme, "acme-console");
            started.add(acmeJob);
            assertEquals("acme", jobs.tenantOf(acmeJob).orElseThrow());
            String beforeBeta = get("/system/console/sabot-jobs", acme).body();
            assertTrue(beforeBeta, beforeBeta.contains("acme-console"));
            assertTrue(beforeBeta, beforeBeta.contains("?job=" + acmeJob + "'"));
            String betaJob = submit(beta, "beta-console");
            started.add(betaJob);
            assertEquals("beta", jobs.tenantOf(betaJob).orElseThrow());

            // each tenant's list holds its own job only
            String acmeList = get("/system/console/sabot-jobs", acme).body();
            assertTrue(acmeList, acmeList.contains("acme-console"));
            assertFalse(acmeList, acmeList.contains("beta-console"));
            assertFalse(acmeList, acmeList.contains("?job=" + betaJob + "'"));
            String betaList = get("/system/console/sabot-jobs", beta).body();
            assertTrue(betaList, betaList.contains("beta-console"));
            assertFalse(betaList, betaList.contains("acme-console"));
            assertFalse(betaList, betaList.contains("?job=" + acmeJob + "'"));

            // beta cannot open or cancel acme's job: answered as a job that does not exist
            String missing = "job-" + (1_000_000 + new SecureRandom().nextInt(1_000_000));
            String betaDetail =
                    get("/system/console/sabot-jobs?job=" + acmeJob, beta).body();
            String noneDetail =
                    get("/system/console/sabot-jobs?job=" + missing, beta).body();
            assertFalse(betaDetail, betaDetail.contains("acme-console"));
            assertTrue(betaDetail, betaDetail.contains("no job &#39;" + acmeJob + "&#39;"));
            assertTrue(noneDetail, noneDetail.contains("no job &#39;" + missing + "&#39;"));
            HttpResponse<String> cancelOthers = action(beta, "cancel", acmeJob);
            HttpResponse<String> cancelNone = action(beta, "cancel", missing);
            assertEquals(cancelOthers.body(), 404, cancelOthers.statusCode());
            assertEquals(cancelNone.body(), 404, cancelNone.statusCode());
            assertEquals(
                    cancelNone.body().replace(missing, "X"), cancelOthers.body().replace(acmeJob, "X"));
            for (String stop : List.of("stop", "savepoint")) {
                assertEquals(stop, 404, action(beta, stop, acmeJob).statusCode());
            }
            assertEquals(JobInfo.State.RUNNING, state(acmeJob));

            // a tenant opens no other page of the console and cannot upload code
            for (String path : List.of(
                    "/system/console/bundles",
                    "/system/console/configMgr",
                    "/system/console/sabot",
                    "/system/console/sabot/plugins.json",
                    "/system/console/logs",
                    "/system/console/sabot-jobs/../bundles",
                    "/system/console/sabot-jobs%2F..%2Fbundles")) {
                int code = status(path, acme);
                assertTrue(path + " for a tenant: " + code, code == 403 || code == 400);
            }
            // with the plug-ins page's valid token, as the admin's page has it: only the tenant check refuses
            Matcher pluginsToken = Pattern.compile("name='token' value='([0-9a-f]+)'")
                    .matcher(get("/system/console/sabot", admin).body());
            assertTrue(pluginsToken.find());
            HttpResponse<String> upload =
                    post("/system/console/sabot", "token=" + pluginsToken.group(1) + "&action=remove&bundle=1", acme);
            assertEquals(upload.body(), 403, upload.statusCode());
            HttpResponse<String> start = send(HttpRequest.newBuilder(url("/system/console/")), acme);
            assertEquals(302, start.statusCode());
            assertTrue(start.headers().firstValue("Location").orElse("").endsWith("/system/console/sabot-jobs"));
            // a monitoring credential opens nothing of the console
            assertEquals(403, status("/system/console/sabot-jobs", basic("probe", monitorPassword)));
            // the same user over the HTTP API sees the same: its own jobs
            String apiList = get("/sabot/api/v1/jobs", acme).body();
            assertTrue(apiList, apiList.contains("acme-console"));
            assertFalse(apiList, apiList.contains("beta-console"));

            // the admin's login is as before: every page, every tenant's jobs
            assertEquals(200, status("/system/console/bundles", admin));
            String adminList = get("/system/console/sabot-jobs", admin).body();
            assertTrue(adminList, adminList.contains("acme-console") && adminList.contains("beta-console"));

            // acme cancels its own job through the page
            HttpResponse<String> cancel = action(acme, "cancel", acmeJob);
            assertEquals(cancel.body(), 303, cancel.statusCode());
            await("acme's job canceled", () -> state(acmeJob) == JobInfo.State.CANCELED);

            // wrong passwords on the console are the API's failures: they lock the address out of both
            HttpResponse<String> wrong = send(
                    HttpRequest.newBuilder(url("/system/console/sabot-jobs")),
                    basic("acme-ops", acmePassword + "-wrong"));
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic "));
            assertFalse(wrong.body(), wrong.body().contains(acmePassword));
            long lockedFor = 0;
            long deadline = System.nanoTime() + 120_000_000_000L; // a hang guard: locks of 1, 2, 4, 8 s come first
            while (lockedFor < 16) {
                assertTrue("no lock-out of 16 s after repeated wrong console logins", System.nanoTime() < deadline);
                HttpResponse<String> again = send(
                        HttpRequest.newBuilder(url("/system/console/sabot-jobs")),
                        basic("acme-ops", acmePassword + "-wrong"));
                if (again.statusCode() == 429) {
                    lockedFor = Long.parseLong(
                            again.headers().firstValue("Retry-After").orElseThrow());
                    if (lockedFor < 16) {
                        Thread.sleep(lockedFor * 1000 + 100); // wait out the lock: only then does a failure count
                    }
                } else {
                    assertEquals(again.body(), 401, again.statusCode());
                }
            }
            // locked out for at least 16 s: the API refuses even the admin's right password from this address
            HttpResponse<String> api = send(HttpRequest.newBuilder(url("/sabot/api/v1/jobs")), admin);
            assertEquals(api.body(), 429, api.statusCode());
        } finally {
            for (String id : started) {
                jobs.cancel(id);
            }
            for (org.osgi.service.cm.Configuration c : created) {
                c.delete();
            }
        }
    }

    private boolean userActive(String name) {
        try {
            return bundleContext.getServiceReferences(
                            (String) null, "(&(service.factoryPid=" + USER_PID + ")(name=" + name + "))")
                    != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private org.osgi.service.cm.Configuration user(String name, String password, String role, String tenant)
            throws IOException {
        org.osgi.service.cm.Configuration c = configurationAdmin.getFactoryConfiguration(USER_PID, name, "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        properties.put("password.hash", HttpApiIT.hash(password));
        properties.put("role", role);
        if (!tenant.isEmpty()) {
            properties.put("tenant", tenant);
        }
        c.update(properties);
        return c;
    }

    /** Submits the tenants' unbounded script through the page's form as {@code user}; returns the job's id. */
    private String submit(String user, String name) throws Exception {
        HttpResponse<String> posted = post(
                "/system/console/sabot-jobs",
                "token=" + token(user) + "&action=submit&name=" + name + "&sql="
                        + URLEncoder.encode(TenantsIT.SCRIPT, StandardCharsets.UTF_8),
                user);
        assertEquals(posted.body(), 303, posted.statusCode());
        String location = posted.headers().firstValue("Location").orElseThrow();
        String page = get(location, user).body();
        Matcher started = Pattern.compile("Started (job-[0-9]+)").matcher(page);
        assertTrue(page, started.find());
        return started.group(1);
    }

    private HttpResponse<String> action(String user, String action, String job) throws Exception {
        return post("/system/console/sabot-jobs", "token=" + token(user) + "&action=" + action + "&job=" + job, user);
    }

    /** The jobs page's form token, as a browser gets it with the page. */
    private String token(String user) throws Exception {
        Matcher token = Pattern.compile("name='token' value='([0-9a-f]+)'")
                .matcher(get("/system/console/sabot-jobs", user).body());
        assertTrue("no form on the jobs page", token.find());
        return token.group(1);
    }

    private JobInfo.State state(String job) {
        return jobs.details(job).orElseThrow().info().state();
    }

    private String origin() {
        return "http://127.0.0.1:" + bundleContext.getProperty("org.osgi.service.http.port");
    }

    private URI url(String path) {
        return URI.create(origin() + path);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url(path)), authorization);
        assertEquals(path + ": " + response.body(), 200, response.statusCode());
        return response;
    }

    private int status(String path, String authorization) {
        try {
            return send(HttpRequest.newBuilder(url(path)), authorization).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String path, String form, String authorization) throws Exception {
        return send(
                HttpRequest.newBuilder(url(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", origin())
                        .POST(HttpRequest.BodyPublishers.ofString(form)),
                authorization);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        return http.send(request.header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L; // a hang guard, not a performance bound
        while (!condition.getAsBoolean()) {
            assertTrue("still waiting for " + what, System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }
}
