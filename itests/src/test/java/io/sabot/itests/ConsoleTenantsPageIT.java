package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.TenantInfo;
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
import java.util.Set;
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
 * The console's Sabot Tenants page, over real HTTP in Felix: the admin creates tenant gamma with the page's form (its
 * token, its origin), sees its quotas, running job and user; a value the runtime rejects is shown naming the property
 * and changes nothing (neither what is in force nor what Config Admin keeps); deleting it through the page removes the
 * tenant. A tenant's user gets 403 on the page and its POST, a request without credentials 401.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleTenantsPageIT extends SabotTestSupport {

    private static final String PASSWORD_PROPERTY = "sabot.itest.console.password";
    private static final String PAGE = "/system/console/sabot-tenants";

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    Tenants tenants;

    @Inject
    JobRegistry jobs;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String userPassword = HexFormat.of().formatHex(SecureRandom.getSeed(16));

    @Override
    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.configuration()));
        String password = HexFormat.of().formatHex(SecureRandom.getSeed(16));
        options.add(frameworkProperty("felix.webconsole.username").value("admin"));
        options.add(frameworkProperty("felix.webconsole.password").value(HttpApiIT.hash(password)));
        options.add(frameworkProperty(PASSWORD_PROPERTY).value(password));
        return options.toArray(new Option[0]);
    }

    @Test
    public void theAdminCreatesChangesAndDeletesATenantAndTenantsCannotOpenThePage() throws Exception {
        awaitRegistry(
                s -> s.active(PluginKind.CONNECTOR, "datagen").isPresent()
                        && s.active(PluginKind.CONNECTOR, "blackhole").isPresent(),
                10_000);
        String admin = basic("admin", bundleContext.getProperty(PASSWORD_PROPERTY));
        List<org.osgi.service.cm.Configuration> created = new ArrayList<>();
        String job = null;
        try {
            // gamma created through the form
            HttpResponse<String> create = post(
                    "token=" + token(admin) + "&action=save&id=gamma&max.jobs=2&max.parallelism=4"
                            + "&max.memory.bytes=268435456&max.state.bytes=&allowed.connectors="
                            + URLEncoder.encode("datagen, blackhole", StandardCharsets.UTF_8)
                            + "&allowed.paths=" + URLEncoder.encode("/data/gamma", StandardCharsets.UTF_8),
                    admin);
            assertEquals(create.body(), 303, create.statusCode());
            String outcome = follow(create, admin);
            assertTrue(outcome, outcome.contains("Created tenant gamma."));
            TenantInfo gamma = tenants.tenant("gamma").orElseThrow();
            assertEquals(2, gamma.maxJobs());
            assertEquals(4, gamma.maxParallelism());
            assertEquals(268435456L, gamma.maxMemoryBytes());
            assertEquals(Set.of("datagen", "blackhole"), gamma.allowedConnectors());
            assertEquals(List.of("/data/gamma"), gamma.allowedPaths());
            assertEquals("", gamma.error());

            // its user, and a running job of it, are shown with the row; the user's hash is not
            String hash = HttpApiIT.hash(userPassword);
            created.add(user("gamma-ops", hash, "gamma"));
            job = jobs.forTenant("gamma")
                    .submit(TenantsIT.SCRIPT, "gamma-page", Map.of())
                    .get(0)
                    .id();
            String jobId = job;
            await("gamma's job running", () -> jobs.forTenant("gamma").jobs().stream()
                    .anyMatch(j -> j.id().equals(jobId) && j.state() == JobInfo.State.RUNNING));
            await("gamma-ops' user service", () -> userActive("gamma-ops"));
            String page = get(PAGE, admin).body();
            String row = row(page, "gamma");
            assertTrue(row, row.contains("<td class='max-jobs'>2</td><td class='max-parallelism'>4</td>"));
            assertTrue(row, row.contains("<td class='max-memory'>268435456</td><td class='max-state'>0</td>"));
            assertTrue(row, row.contains("<td class='allowed-connectors'>blackhole, datagen</td>"));
            assertTrue(row, row.contains("<code>/data/gamma</code>"));
            String shortId = jobId.split(" ")[0];
            assertTrue(row, row.contains("sabot-jobs?job=" + URLEncoder.encode(shortId, StandardCharsets.UTF_8) + "'"));
            assertTrue(row, row.contains("gamma-ops (tenant)"));
            assertFalse(page, page.contains(hash));

            // an invalid value: named on the page, nothing changed
            HttpResponse<String> invalid =
                    post("token=" + token(admin) + "&action=save&id=gamma&max.jobs=-1&max.parallelism=8", admin);
            assertEquals(invalid.body(), 303, invalid.statusCode());
            String refused = follow(invalid, admin);
            assertTrue(refused, refused.contains("max.jobs = -1 must be between 0 (unlimited) and 2147483647"));
            assertTrue("the form keeps what was sent", refused.contains("name='max.jobs' value='-1'"));
            assertEquals(2, tenants.tenant("gamma").orElseThrow().maxJobs());
            assertEquals(4, tenants.tenant("gamma").orElseThrow().maxParallelism());
            assertEquals("", tenants.tenant("gamma").orElseThrow().error());
            assertTrue(row(refused, "gamma").contains("<td class='max-jobs'>2</td>"));
            org.osgi.service.cm.Configuration[] stored =
                    configurationAdmin.listConfigurations("(&(service.factoryPid=" + Tenants.PID + ")(id=gamma))");
            assertEquals(1, stored.length);
            assertEquals(2, stored[0].getProperties().get("max.jobs"));

            // a valid change applies live
            HttpResponse<String> change = post(
                    "token=" + token(admin) + "&action=save&id=gamma&max.jobs=3&allowed.connectors=datagen", admin);
            assertTrue(follow(change, admin).contains("Changed tenant gamma."));
            assertEquals(3, tenants.tenant("gamma").orElseThrow().maxJobs());
            assertEquals(0, tenants.tenant("gamma").orElseThrow().maxParallelism());
            assertEquals(List.of(), tenants.tenant("gamma").orElseThrow().allowedPaths());

            // a tenant's user: 403 on the page and on its POST, even with the admin's token and origin
            String tenantUser = basic("gamma-ops", userPassword);
            assertEquals(
                    403, send(HttpRequest.newBuilder(url(PAGE)), tenantUser).statusCode());
            HttpResponse<String> tenantPost = post("token=" + token(admin) + "&action=delete&id=gamma", tenantUser);
            assertEquals(tenantPost.body(), 403, tenantPost.statusCode());
            // no credentials: 401
            assertEquals(
                    401,
                    http.send(HttpRequest.newBuilder(url(PAGE)).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode());
            HttpResponse<String> anonymousPost = http.send(
                    HttpRequest.newBuilder(url(PAGE))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Origin", origin())
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "token=" + token(admin) + "&action=delete&id=gamma"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymousPost.statusCode());
            // a POST without the page's token is refused
            assertEquals(403, post("token=00&action=delete&id=gamma", admin).statusCode());
            assertTrue(tenants.tenant("gamma").isPresent());

            // deleted through the page: gone from Tenants and from the page, its job ended
            HttpResponse<String> delete = post("token=" + token(admin) + "&action=delete&id=gamma", admin);
            String deleted = follow(delete, admin);
            assertTrue(deleted, deleted.contains("Deleted tenant gamma"));
            assertTrue(tenants.tenant("gamma").isEmpty());
            assertFalse(deleted, deleted.contains("data-tenant='gamma'"));
            await("gamma's job ended", () -> jobs.jobs().stream()
                    .anyMatch(j -> j.id().equals(jobId) && j.state() != JobInfo.State.RUNNING));
        } finally {
            if (job != null) {
                jobs.cancel(job);
            }
            for (org.osgi.service.cm.Configuration c : created) {
                c.delete();
            }
            org.osgi.service.cm.Configuration[] left =
                    configurationAdmin.listConfigurations("(&(service.factoryPid=" + Tenants.PID + ")(id=gamma))");
            for (org.osgi.service.cm.Configuration c : left == null ? new org.osgi.service.cm.Configuration[0] : left) {
                c.delete();
            }
        }
    }

    /** The table row of a tenant on the page. */
    private static String row(String page, String tenant) {
        int start = page.indexOf("<tr class='tenant' data-tenant='" + tenant + "'>");
        assertTrue(page, start >= 0);
        return page.substring(start, page.indexOf("</tr>", start));
    }

    private boolean userActive(String name) {
        try {
            return bundleContext.getServiceReferences(
                            (String) null, "(&(service.factoryPid=io.sabot.api.user)(name=" + name + "))")
                    != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private org.osgi.service.cm.Configuration user(String name, String hash, String tenant) throws IOException {
        org.osgi.service.cm.Configuration c =
                configurationAdmin.getFactoryConfiguration("io.sabot.api.user", name, "?");
        c.update(new Hashtable<>(Map.of("name", name, "password.hash", hash, "role", "tenant", "tenant", tenant)));
        return c;
    }

    /** The page's form token, as a browser gets it with the page. */
    private String token(String admin) throws Exception {
        Matcher token = Pattern.compile("name='token' value='([0-9a-f]+)'")
                .matcher(get(PAGE, admin).body());
        assertTrue("no form on the tenants page", token.find());
        return token.group(1);
    }

    private String follow(HttpResponse<String> redirect, String authorization) throws Exception {
        assertEquals(redirect.body(), 303, redirect.statusCode());
        return get(redirect.headers().firstValue("Location").orElseThrow(), authorization)
                .body();
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

    private HttpResponse<String> post(String form, String authorization) throws Exception {
        return send(
                HttpRequest.newBuilder(url(PAGE))
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
