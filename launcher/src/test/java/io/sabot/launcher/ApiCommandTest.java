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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The API client commands send what the HTTP API expects (method, path, credentials, a JSON body that survives quotes
 * and newlines) and print replies and errors. The server here records requests and answers as the API's servlet would
 * for them; HttpApiIT covers the servlet itself, distribution-test.sh the two together.
 */
public class ApiCommandTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private volatile int status = 200;
    private volatile String reply = "{}";

    @Before
    public void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sabot/api/v1", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (requests) {
                requests.add(exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getRawPath() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @After
    public void stop() {
        server.stop(0);
    }

    private int run(String command, Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of(args));
        all.add(0, "http://127.0.0.1:" + server.getAddress().getPort());
        all.add(0, "--server");
        return ApiCommand.run(
                command,
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env::get);
    }

    private String last() {
        synchronized (requests) {
            return requests.get(requests.size() - 1);
        }
    }

    @Test
    public void submitSendsTheScriptAsJsonWithBasicCredentials() throws Exception {
        Path script = tmp.newFile("job.sql").toPath();
        String sql = "CREATE TABLE t (s STRING) WITH ('connector' = 'datagen');\n-- a \"quoted\" comment\tand tab\n"
                + "INSERT INTO sink SELECT s FROM t;\n";
        Files.writeString(script, sql);
        status = 201;
        reply = "{\"jobs\": [{\"id\": \"job-7\", \"name\": \"nightly\", \"state\": \"RUNNING\"}]}";
        int code = run(
                "submit",
                Map.of("SABOT_PASSWORD", "p@ss:word"),
                "-f",
                script.toString(),
                "--name",
                "nightly",
                "-s",
                "parallelism.default=2");
        assertEquals(err.toString(StandardCharsets.UTF_8), 0, code);
        String request = last();
        String basic =
                "Basic " + Base64.getEncoder().encodeToString("admin:p@ss:word".getBytes(StandardCharsets.UTF_8));
        assertTrue(request, request.startsWith("POST /sabot/api/v1/jobs " + basic + " "));
        Object body = Json.parse(request.substring(request.indexOf(" {") + 1));
        assertEquals(sql, Json.at(body, "sql"));
        assertEquals("nightly", Json.at(body, "name"));
        assertEquals("2", Json.at(body, "settings", "parallelism.default"));
        assertEquals("Submitted job-7 (nightly): RUNNING\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void aTokenWinsOverThePasswordAndJobNamesAreEncoded() {
        status = 202;
        reply = "{\"message\": \"cancelling job-3\", \"job\": {\"id\": \"job-3\"}}";
        assertEquals(0, run("cancel", Map.of("SABOT_TOKEN", "sabot_abc", "SABOT_PASSWORD", "x"), "hourly counts"));
        assertEquals("POST /sabot/api/v1/jobs/hourly%20counts/cancel Bearer sabot_abc ", last());
        assertEquals("Cancelling job-3.\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void errorsPrintTheServersMessageAndExitOne() {
        status = 401;
        reply = "{\"error\": {\"code\": \"unauthorized\", \"message\": \"invalid credentials\"}}";
        assertEquals(1, run("list", Map.of("SABOT_PASSWORD", "wrong")));
        assertTrue(
                err.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8).startsWith("sabot: invalid credentials (HTTP 401"));
        status = 400;
        reply = "{\"error\": {\"code\": \"invalid_sql\", \"message\": \"SQL parse failed at line 3, column 1\","
                + " \"line\": 3, \"column\": 1}}";
        assertEquals(1, run("submit", Map.of("SABOT_TOKEN", "t"), "-e", "SELEC 1"));
        assertEquals("sabot: SQL parse failed at line 3, column 1\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void withoutCredentialsOrTerminalItSaysWhatToSet() {
        int code = run("list", Map.of());
        assertEquals(2, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8).contains("set SABOT_PASSWORD or SABOT_TOKEN"));
        assertTrue("nothing may be sent without credentials", requests.isEmpty());
    }

    @Test
    public void listAndSavepointPrintWhatTheServerSays() {
        reply = "{\"jobs\": [{\"id\": \"job-2\", \"name\": null, \"state\": \"RUNNING\", \"rowsIn\": 1500,"
                + " \"rowsOut\": 3, \"rowsInPerSecond\": 498.5, \"rowsOutPerSecond\": 0.1,"
                + " \"watermark\": \"2024-01-01T00:00:40Z\", \"lastCheckpoint\": {\"id\": 4,"
                + " \"completed\": \"2026-01-01T10:00:00Z\"}}]}";
        assertEquals(0, run("list", Map.of("SABOT_TOKEN", "t")));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(
                table,
                table.lines()
                        .skip(1)
                        .findFirst()
                        .orElse("")
                        .matches(
                                "job-2 +- +RUNNING +1500 +3 +498.5 +0.1 +2024-01-01T00:00:40Z +4 at 2026-01-01T10:00:00Z"));

        status = 201;
        reply = "{\"savepoint\": {\"job\": \"job-2\", \"id\": 5, \"path\": \"/sp/savepoint-5-ab\", \"sizeBytes\": 99,"
                + " \"durationMs\": 12, \"stopped\": false}}";
        assertEquals(0, run("savepoint", Map.of("SABOT_TOKEN", "t"), "job-2", "/sp"));
        assertEquals("POST /sabot/api/v1/jobs/job-2/savepoints Bearer t {\"directory\": \"/sp\"}", last());
        assertEquals("Savepoint /sp/savepoint-5-ab (id 5, 99 bytes, 12 ms)\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void tokenCommandWritesOnlyTheHashOwnerOnly() throws Exception {
        SabotHome home = new SabotHome(tmp.getRoot().toPath());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertEquals(0, TokenCommand.run(home, List.of("ci"), print, print));
        String text = printed.toString(StandardCharsets.UTF_8);
        String token = text.substring(text.indexOf(": ") + 2, text.indexOf('\n'));
        assertTrue(token, token.matches("sabot_[A-Za-z0-9_-]{43}"));
        Path file = TokenCommand.file(home, "ci");
        String cfg = Files.readString(file);
        assertTrue(cfg, cfg.contains("token.sha256 = " + TokenCommand.sha256(token) + "\n"));
        assertTrue(cfg, !cfg.contains(token));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, TokenCommand.run(home, List.of("ci"), print, print)); // no silent replacement
        assertEquals(0, TokenCommand.run(home, List.of("ci", "--delete"), print, print));
        assertTrue(Files.notExists(file));
        assertEquals(2, TokenCommand.run(home, List.of("../x"), print, print));
    }

    @Test
    public void userCommandWritesOnlyTheSaltedHashOfAPasswordThatVerifies() throws Exception {
        SabotHome home = new SabotHome(tmp.getRoot().toPath());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertEquals(0, UserCommand.run(home, List.of("acme-ops", "--tenant", "acme"), print, print));
        String text = printed.toString(StandardCharsets.UTF_8);
        String password = text.substring(text.indexOf("password: ") + 10, text.indexOf('\n'));
        Path file = home.etc().resolve("io.sabot.api.user-acme-ops.cfg");
        String cfg = Files.readString(file);
        assertTrue(cfg, cfg.contains("name = acme-ops\nrole = tenant\ntenant = acme\n"));
        String hash = cfg.substring(cfg.indexOf("password.hash = ") + 16).strip();
        assertTrue(hash, WebConsoleCredentials.verify(hash, password));
        assertTrue(cfg, !cfg.contains(password));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, UserCommand.run(home, List.of("acme-ops", "--tenant", "acme"), print, print));
        assertEquals(2, UserCommand.run(home, List.of("beta-ops"), print, print)); // a tenant user needs its tenant
        assertEquals(2, UserCommand.run(home, List.of("probe", "--role", "monitor", "--tenant", "acme"), print, print));
        assertEquals(2, UserCommand.run(home, List.of("x", "--role", "owner"), print, print));
        assertEquals(0, UserCommand.run(home, List.of("acme-ops", "--delete"), print, print));
        assertTrue(Files.notExists(file));
    }
}
