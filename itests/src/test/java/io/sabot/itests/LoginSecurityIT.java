package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.io.IOException;
import java.net.URI;
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
 * Login security of the HTTP API in the distribution: admin/admin is refused; a password saved in the web console's
 * configuration (Config Admin, as its form does) is accepted without a restart and the old one refused; after five
 * failed logins from an address the sixth request gets 429 with Retry-After, whatever its credentials.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoginSecurityIT extends SabotTestSupport {

    private static final String PASSWORD_PROPERTY = "sabot.itest.api.password";
    private static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";

    @Inject
    ConfigurationAdmin configurationAdmin;

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
        String url =
                "http://127.0.0.1:" + bundleContext.getProperty("org.osgi.service.http.port") + "/sabot/api/v1/jobs";
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Basic " + basic)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void consolePasswordChangeAppliesAtOnceAndFailedLoginsAreThrottled() throws Exception {
        String initial = bundleContext.getProperty(PASSWORD_PROPERTY);
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
        long retry =
                Long.parseLong(evenRight.headers().firstValue("Retry-After").orElseThrow());
        Thread.sleep(retry * 1000 + 100);
        assertEquals(
                "after Retry-After the right password works",
                200,
                get("admin", changed).statusCode());
    }
}
