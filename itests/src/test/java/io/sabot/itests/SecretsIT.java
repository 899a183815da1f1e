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
 * A job declared as configuration reads and writes Kafka through a SASL_PLAINTEXT listener with its password as
 * {@code $[secret:kafka_password]} and its bootstrap address as {@code $[prop:…]}: rows arrive only if the
 * references were resolved. Then every surface (job registry, EXPLAIN, Gogo {@code sabot:jobs}/{@code sabot:managed},
 * HTTP API jobs/detail/plugins, the console's jobs and configuration pages) and the output captured during the test
 * are searched for the password and the resolved JAAS configuration: they appear nowhere.
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

    @Override
    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.configuration()));
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
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
        Map<String, String> surfaces = new LinkedHashMap<>();
        Path sink = Files.createTempDirectory("secrets-out");
        org.osgi.service.cm.Configuration job = null;
        try {
            awaitRegistry(
                    s -> s.active(PluginKind.CONNECTOR, "kafka").isPresent()
                            && s.active(PluginKind.CONNECTOR, "datagen").isPresent()
                            && s.active(PluginKind.CONNECTOR, "filesystem").isPresent(),
                    30_000);
            // write through SASL, then read back through SASL into files: rows only with the resolved password
            String sql = "CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                    + " 'fields.id.start' = '1', 'fields.id.end' = '" + ROWS + "');\n"
                    + "CREATE TABLE orders_out (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '" + TOPIC + "',"
                    + " 'format' = 'json', " + sasl("$[secret:kafka_password]") + ");\n"
                    + "CREATE TABLE orders_in (id BIGINT) WITH ('connector' = 'kafka', 'topic' = '" + TOPIC + "',"
                    + " 'format' = 'json', 'properties.group.id' = 'secrets-it', 'scan.startup.mode' = 'earliest-offset',"
                    + " 'scan.bounded.mode' = 'latest-offset', " + sasl("$[secret:kafka_password]") + ");\n"
                    + "CREATE TABLE files (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + sink.toUri()
                    + "', 'format' = 'csv');\n"
                    + "INSERT INTO orders_out SELECT id FROM gen;\n"
                    + "INSERT INTO files SELECT id FROM orders_in;\n";
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("sql", sql);
            properties.put(
                    "state.path", Files.createTempDirectory("secrets-state").toString());
            properties.put("restart.strategy", "none");
            job = configurationAdmin.getFactoryConfiguration("io.sabot.job", "secret-job", "?");
            job.update(properties);

            long deadline = System.nanoTime() + 120_000_000_000L; // a hang guard, not a performance bound
            String managed = shell(commandProcessor, "sabot:managed");
            while (!managed.matches("(?s).*\\bsecret-job +(FINISHED|FAILED) .*")) {
                assertTrue("the job did not end within 120 s:\n" + managed, System.nanoTime() < deadline);
                Thread.sleep(100);
                managed = shell(commandProcessor, "sabot:managed");
            }
            surfaces.put("sabot:managed", managed);
            String events = shell(commandProcessor, "sabot:managed secret-job");
            surfaces.put("sabot:managed secret-job", events);
            assertTrue(events, managed.matches("(?s).*\\bsecret-job +FINISHED .*"));
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
            for (JobInfo info : jobRegistry.jobs()) {
                String id = info.id().split(" ")[0];
                surfaces.put("/sabot/api/v1/jobs/" + id, get(origin + "/sabot/api/v1/jobs/" + id, admin));
            }
            assertTrue(
                    "the API lists the job's masked SQL",
                    surfaces.get("/sabot/api/v1/jobs").contains("'properties.sasl.jaas.config' = '******'"));
        } finally {
            if (job != null) {
                job.delete();
            }
            System.setOut(out);
            System.setErr(err);
        }
        surfaces.put("captured output", captured.toString(StandardCharsets.UTF_8));
        assertTrue("nothing captured", surfaces.get("captured output").contains("secret-job"));
        for (Map.Entry<String, String> surface : surfaces.entrySet()) {
            for (String secret : List.of(kafkaPassword, jaas(kafkaPassword))) {
                assertFalse(
                        "the Kafka password appeared in " + surface.getKey() + ":\n" + surface.getValue(),
                        surface.getValue().contains(secret));
            }
        }
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
