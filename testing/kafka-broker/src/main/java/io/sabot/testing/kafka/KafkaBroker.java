package io.sabot.testing.kafka;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;

/**
 * A real single-node Kafka broker (KRaft: broker and controller in one process) for tests and benchmarks, run from
 * the {@code kafka_2.13} jars in a child JVM, listening on 127.0.0.1 only, on free ports, with its data in a fresh
 * temporary directory.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start()) {
 *     broker.createTopic("orders", 4);
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>No broker outlives its test JVM: {@link #close} kills it and deletes its directory, a shutdown hook does the
 * same when the JVM exits without closing it, and the child halts by itself when the parent disappears abruptly
 * ({@link BrokerMain}). The broker's class path comes from the system property {@value #CLASSPATH_PROPERTY} if set,
 * else from the {@code broker-classpath.txt} resource that this module's build writes (absolute paths of the jars in
 * the local Maven repository).
 *
 * <p>The caller needs {@code kafka-clients} on its class path (the fixture asks the broker through an {@link Admin}
 * client whether it is ready). Transactions and {@code read_committed} consumers work: the internal topics are
 * configured for one replica. Records are never deleted by age ({@code log.retention.ms=-1}), whatever their
 * timestamps.
 *
 * <p>{@link #builder()} adds an optional {@code SASL_PLAINTEXT} listener with PLAIN users ({@link
 * Builder#saslPlainUser}), at {@link #saslBootstrapServers()}; the plain listener stays for the fixture's own admin
 * client and for test producers.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Overrides the broker's class path (a path list, as {@code java -cp} takes it). */
    public static final String CLASSPATH_PROPERTY = "sabot.kafka.broker.classpath";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final String classpath;
    private volatile Process process;
    private volatile OutputStream lifeline;
    private final String bootstrapServers;
    private volatile String saslBootstrapServers;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private KafkaBroker(Path directory, String classpath, Process process, String bootstrapServers) {
        this.directory = directory;
        this.classpath = classpath;
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = new Thread(this::kill, "sabot-kafka-broker-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Formats a fresh log directory and starts a broker; returns once it answers an Admin client. Retries with other
     * ports when one was taken between choosing and binding it.
     *
     * @throws IOException if the broker does not start; the message carries the end of its log
     */
    public static KafkaBroker start() throws IOException {
        return builder().start();
    }

    /** A broker with options; {@code builder().start()} is {@link #start()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a broker to start. */
    public static final class Builder {

        private final Map<String, String> saslUsers = new java.util.LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a {@code SASL_PLAINTEXT} listener (mechanism {@code PLAIN}) that accepts {@code user} with {@code
         * password}; call again for more users.
         */
        public Builder saslPlainUser(String user, String password) {
            if (user.isEmpty() || user.contains("\"") || password.contains("\"")) {
                throw new IllegalArgumentException(
                        "SASL user '" + user + "': no empty name, no '\"' in name or password");
            }
            saslUsers.put(user, password);
            return this;
        }

        /** Starts the broker, like {@link KafkaBroker#start()}. */
        public KafkaBroker start() throws IOException {
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                try {
                    return startOnce(Map.copyOf(saslUsers));
                } catch (PortTakenException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * {@code 127.0.0.1:<port>} of the {@code SASL_PLAINTEXT} listener (clients set {@code security.protocol =
     * SASL_PLAINTEXT}, {@code sasl.mechanism = PLAIN} and a {@code PlainLoginModule} JAAS configuration).
     *
     * @throws IllegalStateException if the broker was started without SASL users
     */
    public String saslBootstrapServers() {
        if (saslBootstrapServers == null) {
            throw new IllegalStateException("this broker has no SASL listener: start it with builder().saslPlainUser");
        }
        return saslBootstrapServers;
    }

    /** The broker process's id, e.g. to check that it is gone. */
    public long pid() {
        return process.pid();
    }

    /** The broker's data directory (server.properties, log dirs, the process's output in {@code broker.log}). */
    public Path directory() {
        return directory;
    }

    /** Creates a topic with one replica and waits until every partition has a leader. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Like {@link #createTopic(String, int)}, with topic configurations (e.g. {@code cleanup.policy}). */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            // Ready when the leader of every partition serves it: right after creation the metadata may not know
            // the topic yet, or name a leader that has not created the partition's log (both retriable).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String last = "";
            while (true) {
                try {
                    TopicDescription topic = admin.describeTopics(List.of(name))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(name);
                    if (topic.partitions().size() == partitions
                            && topic.partitions().stream()
                                    .map(TopicPartitionInfo::leader)
                                    .allMatch(l -> l != null)) {
                        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                        for (TopicPartitionInfo p : topic.partitions()) {
                            ends.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
                        }
                        admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
                        return;
                    }
                    last = "no leader for some partitions: " + topic;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof RetriableException)) {
                        throw e;
                    }
                    last = e.getCause().toString();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic '" + name + "' not served within 30 s: " + last);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topic '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Kills the broker, waits until it is gone and deletes its directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    /** Same as {@link #close}. */
    public void stop() {
        close();
    }

    /**
     * Kills the broker as a crash would ({@code SIGKILL}), waits {@code down}, and starts it again on the same ports
     * with the same data (log recovery, transaction state and committed offsets as on disk); returns once it answers
     * again. Clients keep their bootstrap address.
     */
    public synchronized void restart(Duration down) throws IOException {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        Process old = process;
        old.destroyForcibly();
        try {
            if (!old.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("Kafka broker process " + old.pid() + " did not stop");
            }
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while restarting the Kafka broker", e);
        }
        try {
            lifeline.close();
        } catch (IOException e) {
            // the child is gone already
        }
        // the ports were bound by the killed process only; the OS frees them when it is gone
        process = launch(classpath, directory);
        lifeline = process.getOutputStream();
        awaitReady(directory.resolve("broker.log"));
    }

    private static Process launch(String classpath, Path directory) throws IOException {
        Path log = directory.resolve("broker.log");
        return new ProcessBuilder(javaCommand(
                        classpath + File.pathSeparator + ownLocation(),
                        BrokerMain.class.getName(),
                        directory.resolve("server.properties").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private synchronized void kill() {
        if (closed) {
            return;
        }
        closed = true;
        // the data is thrown away, so a controlled shutdown would only cost time
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Kafka broker process " + process.pid() + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lifeline.close();
        } catch (IOException e) {
            // the child is gone already
        }
        deleteRecursively(directory);
    }

    private static KafkaBroker startOnce(Map<String, String> saslUsers) throws IOException {
        String classpath = brokerClasspath();
        Path directory = Files.createTempDirectory("sabot-kafka-");
        Process process = null;
        try {
            int brokerPort = freePort();
            int controllerPort = freePort();
            int saslPort = saslUsers.isEmpty() ? -1 : freePort();
            Path config = directory.resolve("server.properties");
            Files.writeString(
                    config,
                    serverProperties(directory.resolve("data"), brokerPort, controllerPort, saslPort, saslUsers));
            Path log = directory.resolve("broker.log");

            // StorageTool format: the one-off step KRaft needs before the first start
            Process format = new ProcessBuilder(javaCommand(
                            classpath, "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("format.log").toFile())
                    .start();
            format.getOutputStream().close();
            try {
                if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    format.destroyForcibly();
                    throw new IOException("Kafka StorageTool format did not finish within " + START_TIMEOUT);
                }
            } catch (InterruptedException e) {
                format.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while formatting the Kafka log directory", e);
            }
            if (format.exitValue() != 0) {
                throw new IOException("Kafka StorageTool format failed (exit " + format.exitValue() + "): "
                        + tail(directory.resolve("format.log")));
            }

            process = launch(classpath, directory);
            KafkaBroker broker = new KafkaBroker(directory, classpath, process, "127.0.0.1:" + brokerPort);
            broker.saslBootstrapServers = saslPort < 0 ? null : "127.0.0.1:" + saslPort;
            try {
                broker.awaitReady(log);
            } catch (IOException | RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            deleteRecursively(directory);
            throw e;
        }
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = admin(bootstrapServers)) {
            while (true) {
                if (!process.isAlive()) {
                    String tail = tail(log);
                    if (tail.contains("Address already in use")) {
                        throw new PortTakenException(tail);
                    }
                    throw new IOException("Kafka broker exited with " + process.exitValue() + ": " + tail);
                }
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(2, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the Kafka broker", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("Kafka broker not ready within " + START_TIMEOUT + ": " + tail(log));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the Kafka broker", e);
                }
            }
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        return Admin.create(props);
    }

    private static String serverProperties(
            Path data, int brokerPort, int controllerPort, int saslPort, Map<String, String> saslUsers) {
        String sasl = saslPort < 0 ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort;
        StringBuilder users = new StringBuilder();
        saslUsers.forEach((user, password) -> users.append(" user_")
                .append(user)
                .append("=\"")
                .append(password.replace("\\", "\\\\"))
                .append('"'));
        String saslSettings = saslPort < 0
                ? ""
                : "sasl.enabled.mechanisms=PLAIN\n"
                        + "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required" + users + ";\n";
        return String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=1",
                        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                        "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + sasl + ",CONTROLLER://127.0.0.1:"
                                + controllerPort,
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort + sasl,
                        "controller.listener.names=CONTROLLER",
                        "inter.broker.listener.name=PLAINTEXT",
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
                                + (saslPort < 0 ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT"),
                        saslSettings + "log.dirs=" + data.toString().replace("\\", "\\\\"),
                        "num.partitions=1",
                        "auto.create.topics.enable=false",
                        // one node: every internal topic has one replica
                        "offsets.topic.replication.factor=1",
                        "offsets.topic.num.partitions=4",
                        "transaction.state.log.replication.factor=1",
                        "transaction.state.log.min.isr=1",
                        "transaction.state.log.num.partitions=4",
                        "share.coordinator.state.topic.replication.factor=1",
                        "share.coordinator.state.topic.min.isr=1",
                        "group.initial.rebalance.delay.ms=0",
                        "log.flush.interval.messages=9223372036854775807",
                        // no time-based retention: tests write records with old timestamps (e.g. id * 1000 ms, in
                        // 1970), which the retention check (first run ~30 s after start) would delete
                        "log.retention.ms=-1",
                        "")
                + "\n";
    }

    private static List<String> javaCommand(String classpath, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small and quick to start: C1 only, serial GC
        command.addAll(List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-cp",
                classpath));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static String brokerClasspath() throws IOException {
        String property = System.getProperty(CLASSPATH_PROPERTY);
        if (property != null && !property.isBlank()) {
            return property;
        }
        try (InputStream in = KafkaBroker.class.getResourceAsStream("broker-classpath.txt")) {
            if (in == null) {
                throw new IOException("no broker-classpath.txt next to " + KafkaBroker.class.getName()
                        + " and no system property " + CLASSPATH_PROPERTY
                        + ": build testing/kafka-broker with Maven (it writes the file)");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            for (String entry : classpath.split(File.pathSeparator)) {
                if (!Files.exists(Path.of(entry))) {
                    throw new IOException("the Kafka broker's class path names a missing jar: " + entry
                            + " (run an online Maven build of testing/kafka-broker once)");
                }
            }
            return classpath;
        }
    }

    private static String ownLocation() throws IOException {
        try {
            return Path.of(BrokerMain.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot locate the classes of " + BrokerMain.class.getName(), e);
        }
    }

    /** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, as {@code StorageTool random-uuid}. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        while (true) {
            random.nextBytes(bytes);
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) { // StorageTool's argument parser would take it for an option (as Kafka avoids)
                return id;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            return text.length() > 4000 ? "…" + text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary directory is harmless; a leftover process is not, and that is handled above
        }
    }

    /** The broker could not bind a port chosen as free: another process took it meanwhile. */
    private static final class PortTakenException extends IOException {
        PortTakenException(String log) {
            super("a port chosen for the Kafka broker was taken meanwhile: " + log);
        }
    }
}
