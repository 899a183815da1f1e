package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.sabot.runtime.JobDetails;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.StreamingSqlExecutor;
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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Jobs declared as configuration ({@code io.sabot.job}) write to and read from Kafka through a SASL_PLAINTEXT listener
 * with the password as {@code $[secret:kafka_password]} (a file in the interpolation plugin's secrets directory) and the
 * bootstrap address as {@code $[prop:…]}: every row arrives only if the references were resolved. A third job fails on
 * a bad option. Then every surface (job registry and details, EXPLAIN, Gogo {@code sabot:jobs}/{@code sabot:managed},
 * HTTP API jobs/detail/plugins, the console's jobs and configuration pages and configuration printer, {@code /health},
 * a Prometheus scrape) and the container's whole console output are searched for the password: it appears nowhere.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecretsIT extends SabotTestSupport {

    private static final String SASL_BOOTSTRAP = "sabot.it.sasl.bootstrap";
    private static final String ADMIN_PASSWORD = "sabot.itest.secrets.admin";
    private static final String KAFKA_PASSWORD = "sabot.itest.secrets.kafka";
    private static final String TOPIC = "secret-orders";
    private static final int ROWS = 200;
    /** Once per class load: the broker (started once per JVM) knows only the first. */
    private static final String GENERATED_KAFKA_PASSWORD =
            "kp-" + HexFormat.of().formatHex(SecureRandom.getSeed(12));

    @Inject
    org.osgi.service.cm.ConfigurationAdmin configurationAdmin;

    @Inject
    CommandProcessor commandProcessor;

    @Inject
    JobRegistry jobRegistry;

    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * The container's console output (System.out and System.err, where the jobs' events and the log go), copied to this
     * file from before the framework starts: Gogo takes the streams of that moment as its defaults and puts its own
     * back whenever a shell session runs, so a capture installed later would miss most of it.
     */
    static final Path CONSOLE = Path.of("target", "secrets-it-console.log").toAbsolutePath();

    private static boolean consoleCaptured;

    @Override
    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.configuration()));
        captureConsole();
        String kafkaPassword = GENERATED_KAFKA_PASSWORD;
        Files.writeString(SECRETS.resolve("kafka_password"), kafkaPassword);
        String admin = HexFormat.of().formatHex(SecureRandom.getSeed(16));
        options.add(frameworkProperty("felix.webconsole.username").value("admin"));
        options.add(frameworkProperty("felix.webconsole.password").value(HttpApiIT.hash(admin)));
        options.add(frameworkProperty(ADMIN_PASSWORD).value(admin));
        options.add(systemProperty(KAFKA_PASSWORD).value(kafkaPassword)); // for the search only
        options.add(frameworkProperty(SASL_BOOTSTRAP)
                .value(KafkaFixture.saslBootstrapServers(TOPIC, 2, "alice", kafkaPassword)));
        return options.toArray(new Option[0]);
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\""
                + password + "\";";
    }

    private static String sasl(String password) {
        return "'properties.bootstrap.servers' = '$[prop:" + SASL_BOOTSTRAP + "]',"
                + " 'properties.security.protocol' = 'SASL_PLAINTEXT', 'properties.sasl.mechanism' = 'PLAIN',"
                + " 'properties.sasl.jaas.config' = '" + jaas(password) + "'";
    }

    @Test
    public void secretsResolveForTheJobAndAppearNowhere() throws Exception {
        String kafkaPassword = System.getProperty(KAFKA_PASSWORD);
        String admin = bundleContext.getProperty(ADMIN_PASSWORD);
        Map<String, String> surfaces = new LinkedHashMap<>();
        Path sink = Files.createTempDirectory("secrets-out");
        org.osgi.service.cm.Configuration writer = null;
        org.osgi.service.cm.Configuration reader = null;
        org.osgi.service.cm.Configuration failing = null;
        org.osgi.service.cm.Configuration prometheus = null;
        try {
            prometheus = MetricsExporting.configure(
                    configurationAdmin, "secrets-prom", "type", "prometheus", "path", "/secrets-metrics");
            awaitRegistry(
                    s -> s.active(PluginKind.CONNECTOR, "kafka").isPresent()
                            && s.active(PluginKind.CONNECTOR, "datagen").isPresent()
                            && s.active(PluginKind.CONNECTOR, "filesystem").isPresent(),
                    30_000);
            // write through SASL, then read back through SASL into files: rows only with the resolved password. Two
            // jobs, one after the other: a managed job's INSERTs share its checkpoint directory, so a second INSERT in
            // the same script would restore the first's final checkpoint and read nothing.
            String kafka = "'connector' = 'kafka', 'topic' = '" + TOPIC + "', 'format' = 'json', "
                    + sasl("$[secret:kafka_password]");
            writer = managedJob(
                    "secret-writer",
                    "CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                            + " 'fields.id.start' = '1', 'fields.id.end' = '" + ROWS + "');\n"
                            + "CREATE TABLE orders_out (id BIGINT) WITH (" + kafka + ");\n"
                            + "INSERT INTO orders_out SELECT id FROM gen;\n");
            awaitEnd("secret-writer", "FINISHED", surfaces);
            reader = managedJob(
                    "secret-reader",
                    "CREATE TABLE orders_in (id BIGINT) WITH (" + kafka + ", 'properties.group.id' = 'secrets-it',"
                            + " 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset');\n"
                            + "CREATE TABLE files (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '"
                            + sink.toUri() + "', 'format' = 'csv');\n"
                            + "INSERT INTO files SELECT id FROM orders_in;\n");
            awaitEnd("secret-reader", "FINISHED", surfaces);
            // a job that fails on its options: its failure text names the bad one, not the password
            failing = managedJob(
                    "secret-failing",
                    "CREATE TABLE bad (id BIGINT) WITH (" + kafka + ", 'scan.startup.mode' = 'yesterday');\n"
                            + "CREATE TABLE files (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '"
                            + sink.toUri() + "', 'format' = 'csv');\n"
                            + "INSERT INTO files SELECT id FROM bad;\n");
            awaitEnd("secret-failing", "FAILED", surfaces);
            assertTrue(
                    surfaces.get("sabot:managed secret-failing"),
                    surfaces.get("sabot:managed secret-failing").contains("scan.startup.mode"));
            assertEquals("every row once, through the SASL listener both ways", ROWS * (ROWS + 1L) / 2, sum(sink));

            // EXPLAIN of a table whose SQL holds the password literally
            try (StreamingSqlExecutor executor =
                    StreamingSqlExecutor.builder().parallelism(1).build()) {
                executor.executeDdl("CREATE TABLE t (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '" + TOPIC
                        + "', 'format' = 'json', " + sasl(kafkaPassword) + ");\n");
                surfaces.put("EXPLAIN", executor.explain("SELECT id FROM t WHERE id > 0"));
            }

            for (JobInfo info : jobRegistry.jobs()) {
                surfaces.put("registry " + info.id(), info.toString());
                JobDetails details = jobRegistry.details(info.id()).orElseThrow();
                surfaces.put("details " + info.id(), details.toString());
                assertTrue(details.info().sql(), !details.info().sql().isBlank());
            }
            assertFalse("no job in the registry", jobRegistry.jobs().isEmpty());
            surfaces.put("sabot:jobs", shell(commandProcessor, "sabot:jobs"));

            String origin = "http://127.0.0.1:" + bundleContext.getProperty("org.osgi.service.http.port");
            for (String path : List.of(
                    "/sabot/api/v1/jobs",
                    "/sabot/api/v1/plugins",
                    "/system/console/sabot-jobs",
                    "/system/console/configMgr",
                    "/system/console/status-Configurations.txt")) {
                surfaces.put(path, get(origin + path, admin));
            }
            surfaces.put(
                    "/secrets-metrics",
                    MetricsExporting.awaitStatusCode(bundleContext, "/secrets-metrics", 200)
                            .body());
            surfaces.put(
                    "/health", MetricsExporting.get(bundleContext, "/health").body());
            for (JobInfo info : jobRegistry.jobs()) {
                String id = info.id().split(" ")[0];
                surfaces.put("/sabot/api/v1/jobs/" + id, get(origin + "/sabot/api/v1/jobs/" + id, admin));
            }
            assertTrue(
                    "the configuration printer shows the reference, not the value",
                    surfaces.get("/system/console/status-Configurations.txt")
                            .contains("password=\"$[secret:kafka_password]\""));
        } finally {
            for (org.osgi.service.cm.Configuration job :
                    new org.osgi.service.cm.Configuration[] {writer, reader, failing, prometheus}) {
                if (job != null) {
                    job.delete();
                }
            }
        }
        String console = new String(Files.readAllBytes(CONSOLE), StandardCharsets.UTF_8);
        String finished = "sabot: job secret-reader: finished";
        assertTrue(
                "the console output was not captured: " + CONSOLE + " lacks '" + finished + "' (its job events: "
                        + console.lines()
                                .filter(l -> l.startsWith("sabot: job"))
                                .toList() + "); it is in "
                        + surfaces.entrySet().stream()
                                .filter(e -> e.getValue().contains(finished))
                                .map(Map.Entry::getKey)
                                .toList()
                        + "; System.out is " + System.out,
                console.contains(finished));
        surfaces.put("console output " + CONSOLE, console);
        // the password alone: the resolved JAAS configuration and any part of the script that holds it contain it
        for (Map.Entry<String, String> surface : surfaces.entrySet()) {
            List<String> leaks = surface.getValue()
                    .lines()
                    .filter(line -> line.contains(kafkaPassword))
                    .map(line -> line.replace(kafkaPassword, "<THE PASSWORD>"))
                    .toList();
            assertTrue(
                    "the Kafka password appeared in " + surface.getKey() + ":\n" + String.join("\n", leaks),
                    leaks.isEmpty());
        }
    }

    /** Declares a job as configuration ({@code io.sabot.job}), as a {@code deploy/io.sabot.job-NAME.cfg} would. */
    private org.osgi.service.cm.Configuration managedJob(String name, String sql) throws IOException {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("sql", sql);
        properties.put("state.path", Files.createTempDirectory("secrets-state").toString());
        properties.put("restart.strategy", "none");
        org.osgi.service.cm.Configuration job = configurationAdmin.getFactoryConfiguration("io.sabot.job", name, "?");
        job.update(properties);
        return job;
    }

    /** Waits until the job ends, keeps what sabot:managed showed, and asserts it ended in {@code state}. */
    private void awaitEnd(String name, String state, Map<String, String> surfaces) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L; // a hang guard, not a performance bound
        String managed = shell(commandProcessor, "sabot:managed");
        while (!managed.matches("(?s).*\\b" + name + " +(FINISHED|FAILED) .*")) {
            assertTrue(name + " did not end within 120 s:\n" + managed, System.nanoTime() < deadline);
            Thread.sleep(100);
            managed = shell(commandProcessor, "sabot:managed");
        }
        surfaces.put("sabot:managed after " + name, managed);
        String events = shell(commandProcessor, "sabot:managed " + name);
        surfaces.put("sabot:managed " + name, events);
        assertTrue(events, managed.matches("(?s).*\\b" + name + " +" + state + " .*"));
    }

    private String get(String url, String admin) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(("admin:" + admin).getBytes(StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(url + ": " + response.body(), 200, response.statusCode());
        return response.body();
    }

    private static long sum(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(l -> !l.isBlank())
                    .mapToLong(Long::parseLong)
                    .sum();
        }
    }

    private static synchronized void captureConsole() throws IOException {
        if (consoleCaptured) {
            return;
        }
        OutputStream file = Files.newOutputStream(CONSOLE); // stays open: the framework prints until the JVM ends
        System.setOut(new PrintStream(new Tee(System.out, file), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(System.err, file), true, StandardCharsets.UTF_8));
        consoleCaptured = true;
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
