package io.sabot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code bin/sabot health} asks every live container of the home for {@code GET health} on its control channel, with
 * the run file's token, prints each check and exits 1 when a container is unhealthy (HTTP 503) or none runs. The
 * container's endpoint is played by a local HTTP server answering as the control servlet does (HealthServletTest
 * covers the rendering).
 */
public class HealthCommandTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private int run(SabotHome home, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        return new ControlCommand(
                        home,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute("health", List.of());
    }

    @Test
    public void exitsZeroWhenHealthyAndOneWhenACheckFailsOrNoContainerRuns() throws Exception {
        SabotHome home = new SabotHome(tmp.getRoot().toPath());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, run(home, out, err));
        assertTrue(
                err.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8).contains("no Sabot container"));

        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sabot/control/v0/health", exchange -> {
            boolean text = "Bearer t".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (status.get() == 200
                            ? "HEALTHY   sabot.default.job-1.running: running\nhealthy (1 checks)\n"
                            : "UNHEALTHY sabot.default.job-1.running: failed: boom\nunhealthy: 1 of 1 checks failed\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(text ? status.get() : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Path run = Files.createDirectories(home.data().resolve("run"));
            long pid = ProcessHandle.current().pid(); // a live process, as the CLI requires
            Files.writeString(
                    run.resolve(pid + ".json"),
                    "{\"pid\": " + pid + ", \"port\": " + server.getAddress().getPort()
                            + ", \"path\": \"/sabot/control/v0\", \"token\": \"t\", \"kind\": \"container\"}\n");
            out.reset();
            assertEquals(0, run(home, out, err));
            String healthy = out.toString(StandardCharsets.UTF_8);
            assertTrue(healthy, healthy.contains("  HEALTHY   sabot.default.job-1.running: running"));

            status.set(503);
            out.reset();
            assertEquals(1, run(home, out, err));
            String unhealthy = out.toString(StandardCharsets.UTF_8);
            assertTrue(unhealthy, unhealthy.contains("  UNHEALTHY sabot.default.job-1.running: failed: boom"));
        } finally {
            server.stop(0);
        }
    }
}
