package io.sabot.embedded;

import io.sabot.embedded.internal.Bundles;
import io.sabot.embedded.internal.ContainerExecutor;
import io.sabot.embedded.internal.FrameworkConfig;
import io.sabot.embedded.internal.SharedPackages;
import io.sabot.runtime.ExecutorOptions;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A Sabot container (Apache Felix with the bundles of a Sabot home) running inside a plain Java program, and the
 * {@link StreamingSqlExecutor}s backed by its installed plug-ins.
 *
 * <pre>{@code
 * try (SabotContainer sabot = SabotContainer.start(Path.of("/opt/sabot"));
 *         StreamingSqlExecutor executor = sabot.executorBuilder().parallelism(2).build()) {
 *     executor.executeDdl("CREATE TABLE bid (...) WITH ('connector' = 'nexmark', ...)");
 *     try (QueryResult result = executor.executeStreamingSql("SELECT ... GROUP BY TUMBLE(...)")) {
 *         for (VectorSchemaRoot batch : result) { ... }   // the program's own Arrow classes
 *     }
 * }
 * }</pre>
 *
 * <p><b>Class sharing.</b> The framework's system bundle exports the program's Arrow packages (at the version of the
 * distribution's Arrow bundle, which is then not installed) and its {@code io.sabot.plugin} package, so the
 * container's bundles wire to the program's classes: result batches are the program's {@code VectorSchemaRoot}s and
 * option errors its {@code OptionValidationException}s. {@code io.sabot.runtime} is not shared (its builder belongs
 * to the runtime bundle): executors and results are thin adapters of the program's interfaces onto the container's.
 * SQL errors arrive as the container's {@code io.sabot.sql.SqlException}, a {@link RuntimeException} whose message
 * names line and column.
 *
 * <p><b>Home and storage.</b> The home is a Sabot distribution ({@code bin/}, {@code bundle/}, {@code etc/}): its
 * {@code bundle/} is installed, {@code etc/config.properties} gives the framework properties, {@code etc/*.cfg} the
 * configuration and {@code deploy/} stays a hot-deploy folder. Each start uses a fresh bundle cache (under {@code
 * data/} of the home, or the temporary directory when that is not writable) and deletes it on {@link #close()}, so
 * several containers, and a {@code bin/sabot start}ed one, can use the same home. The web console listens on a free
 * loopback port ({@link #httpPort()}) with a random password nobody knows, unless {@link Options#httpPort} says
 * otherwise.
 *
 * <p>Java 17 needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on the program's command line for Arrow IPC.
 * Thread-safe.
 */
public final class SabotContainer implements AutoCloseable {

    /** The home when none is given: this system property, then the {@code SABOT_HOME} environment variable. */
    public static final String HOME_PROPERTY = "sabot.home";

    public static final String HOME_ENVIRONMENT = "SABOT_HOME";

    private static final String FACTORY_FILTER =
            "(&(objectClass=java.util.function.Function)(sabot.executor.factory=registry))";

    private final Path home;
    private final Path storage;
    private final boolean deleteStorage;
    private final int httpPort;
    private final Duration stopTimeout;
    private final Framework framework;
    private final ServiceTracker<Object, Object> factoryTracker;
    private final Set<ContainerExecutor> executors = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;
    private final List<String> bundleProblems;
    private volatile boolean closed;

    private SabotContainer(
            Path home,
            Path storage,
            boolean deleteStorage,
            int httpPort,
            Duration stopTimeout,
            Framework framework,
            ServiceTracker<Object, Object> factoryTracker,
            List<String> bundleProblems) {
        this.home = home;
        this.storage = storage;
        this.deleteStorage = deleteStorage;
        this.httpPort = httpPort;
        this.stopTimeout = stopTimeout;
        this.framework = framework;
        this.factoryTracker = factoryTracker;
        this.bundleProblems = List.copyOf(bundleProblems);
        this.shutdownHook = new Thread(this::closeQuietly, "Sabot embedded shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a container on the home named by {@code -Dsabot.home} or {@code SABOT_HOME}.
     *
     * @throws IllegalStateException if neither is set, or the container does not come up (the message names the
     *     bundles that did not start and why)
     */
    public static SabotContainer start() {
        return start(new Options());
    }

    /** Starts a container on a Sabot home (a distribution directory). */
    public static SabotContainer start(Path home) {
        return start(new Options().home(home));
    }

    /** Starts a container with these options; returns once the SQL runtime is ready. */
    public static SabotContainer start(Options options) {
        Path home = options.resolveHome();
        SharedPackages shared = SharedPackages.of(home, SabotContainer.class.getClassLoader());
        FrameworkConfig config;
        Path storage;
        boolean deleteStorage = options.storage == null;
        try {
            storage = deleteStorage ? FrameworkConfig.freshStorage(home) : options.storage;
            config = FrameworkConfig.load(home, storage, deleteStorage, options.httpPort, options.properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a Sabot container on " + home + ": " + e.getMessage(), e);
        }
        Map<String, String> properties = new LinkedHashMap<>(config.properties());
        properties.put(SharedPackages.SYSTEM_PACKAGES_EXTRA, shared.systemPackagesExtra(properties));

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, SabotContainer.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no OSGi framework on the class path: add org.apache.felix:org.apache.felix.framework"));
        Framework framework = factory.newFramework(properties);
        ServiceTracker<Object, Object> tracker = null;
        try {
            framework.init();
            BundleContext context = framework.getBundleContext();
            Bundles.installAndMarkStarted(context, home.resolve("bundle"), shared.replacedBundles());
            tracker = new ServiceTracker<>(context, FrameworkUtil.createFilter(FACTORY_FILTER), null);
            tracker.open(true);
            framework.start();
            List<String> problems = Bundles.problems(context);
            Object service = tracker.waitForService(options.startTimeout.toMillis());
            if (!(service instanceof Function)) {
                throw new IllegalStateException("the Sabot runtime did not come up within "
                        + options.startTimeout.toSeconds() + " s on " + home
                        + (problems.isEmpty() ? "" : "; bundles not started: " + String.join("; ", problems)));
            }
            for (String problem : problems) {
                System.err.println("sabot: NOT STARTED " + problem);
            }
            return new SabotContainer(
                    home, storage, deleteStorage, config.httpPort(), options.stopTimeout, framework, tracker, problems);
        } catch (BundleException | InvalidSyntaxException | RuntimeException e) {
            stop(framework, tracker, options.stopTimeout);
            deleteQuietly(storage, deleteStorage);
            throw e instanceof RuntimeException r
                    ? r
                    : new IllegalStateException("cannot start a Sabot container on " + home + ": " + e, e);
        } catch (InterruptedException e) {
            stop(framework, tracker, options.stopTimeout);
            deleteQuietly(storage, deleteStorage);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting a Sabot container", e);
        }
    }

    /**
     * Configures an executor over the container's installed plug-ins (connectors, formats, …), with the options of
     * {@link StreamingSqlExecutor#builder()}.
     */
    public ExecutorBuilder executorBuilder() {
        checkOpen();
        return new ExecutorBuilder(this);
    }

    /** The Sabot home whose bundles run here. */
    public Path home() {
        return home;
    }

    /** The framework's bundle cache. */
    public Path storage() {
        return storage;
    }

    /** The loopback port of the web console and Sabot's HTTP endpoints. */
    public int httpPort() {
        return httpPort;
    }

    /** Bundles that should have started but did not, each with the reason; empty when all is well. */
    public List<String> bundleProblems() {
        return bundleProblems;
    }

    /** The system bundle's context, to look up services or install plug-ins; valid until {@link #close()}. */
    public BundleContext bundleContext() {
        checkOpen();
        return framework.getBundleContext();
    }

    /** The framework itself (state, wiring, events). */
    public Framework framework() {
        return framework;
    }

    /** Whether the framework is running (false after {@link #close()} or a stop from inside). */
    public boolean isRunning() {
        return !closed && (framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0;
    }

    /**
     * Closes the executors made here (cancelling their queries), stops the framework (waiting up to {@link
     * Options#stopTimeout}) and deletes the bundle cache it created. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        for (ContainerExecutor executor : new ArrayList<>(executors)) {
            try {
                executor.close();
            } catch (RuntimeException e) {
                // the framework stop below closes what is left
            }
        }
        stop(framework, factoryTracker, stopTimeout);
        deleteQuietly(storage, deleteStorage);
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("sabot: error while stopping the embedded container: " + e);
        }
    }

    StreamingSqlExecutor newExecutor(Map<String, Object> options, ExecutorOptions validated) {
        checkOpen();
        Object factory = factoryTracker.getService();
        if (!(factory instanceof Function)) {
            throw new IllegalStateException("the Sabot runtime is not running in this container");
        }
        @SuppressWarnings("unchecked")
        Function<Map<String, Object>, Object> create = (Function<Map<String, Object>, Object>) factory;
        Object target = create.apply(Map.copyOf(options));
        ContainerExecutor[] self = new ContainerExecutor[1];
        self[0] = new ContainerExecutor(target, validated, () -> executors.remove(self[0]));
        executors.add(self[0]);
        return self[0];
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this Sabot container is closed");
        }
    }

    private static void stop(Framework framework, ServiceTracker<Object, Object> tracker, Duration timeout) {
        try {
            if (tracker != null) {
                tracker.close();
            }
        } catch (IllegalStateException alreadyStopped) {
            // the framework stopped under it
        }
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(timeout.toMillis());
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("sabot: the embedded container did not stop within " + timeout.toSeconds() + " s");
            }
        } catch (BundleException | RuntimeException e) {
            System.err.println("sabot: error while stopping the embedded container: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path root, boolean delete) {
        if (!delete || root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("sabot: could not delete the bundle cache " + root + ": " + e);
        }
    }

    /** How to start a {@link SabotContainer}; every setting has a default. */
    public static final class Options {
        private Path home;
        private Path storage;
        private int httpPort;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private final Map<String, String> properties = new LinkedHashMap<>();

        /** The Sabot home (a distribution: {@code bin/}, {@code bundle/}, {@code etc/}); default {@link #HOME_PROPERTY}. */
        public Options home(Path value) {
            home = Objects.requireNonNull(value, "home");
            return this;
        }

        /**
         * A bundle cache to use and keep (configuration and installed plug-ins survive a restart; a jar of {@code
         * bundle/} newer than its installed copy is updated); by default each start gets a fresh one that {@link
         * #close()} deletes. Two running containers must not share one.
         */
        public Options storage(Path value) {
            storage = Objects.requireNonNull(value, "storage");
            return this;
        }

        /** The web console's loopback port; 0 (the default) picks a free one. */
        public Options httpPort(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("httpPort " + value + " is not a TCP port (0 for a free one)");
            }
            httpPort = value;
            return this;
        }

        /** A framework property, over {@code etc/config.properties} (e.g. {@code felix.log.level}). */
        public Options property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long {@link SabotContainer#start} waits for the SQL runtime; default 60 s. */
        public Options startTimeout(Duration value) {
            startTimeout = Objects.requireNonNull(value, "startTimeout");
            return this;
        }

        /** How long {@link SabotContainer#close()} waits for the framework to stop; default 30 s. */
        public Options stopTimeout(Duration value) {
            stopTimeout = Objects.requireNonNull(value, "stopTimeout");
            return this;
        }

        Path resolveHome() {
            Path resolved = home;
            if (resolved == null) {
                String configured = System.getProperty(HOME_PROPERTY);
                if (configured == null || configured.isBlank()) {
                    configured = System.getenv(HOME_ENVIRONMENT);
                }
                if (configured == null || configured.isBlank()) {
                    throw new IllegalStateException("no Sabot home: pass one to SabotContainer.start(home), or set -D"
                            + HOME_PROPERTY + " or " + HOME_ENVIRONMENT
                            + " to a distribution directory (runtime-assembly/target/sabot)");
                }
                resolved = Path.of(configured);
            }
            resolved = resolved.toAbsolutePath().normalize();
            if (!Files.isDirectory(resolved.resolve("bundle"))
                    || !Files.isRegularFile(resolved.resolve("etc").resolve("config.properties"))) {
                throw new IllegalStateException(resolved + " is not a Sabot home: it needs bundle/ and"
                        + " etc/config.properties (a distribution such as runtime-assembly/target/sabot)");
            }
            return resolved;
        }
    }

    /** Configures a {@link StreamingSqlExecutor} of this container, as {@link StreamingSqlExecutor.Builder} does. */
    public static final class ExecutorBuilder {
        private final SabotContainer container;
        private final Map<String, Object> options = new LinkedHashMap<>();

        private ExecutorBuilder(SabotContainer container) {
            this.container = container;
        }

        /** Sets an option by its seed name ({@code max_parallelism}, …; see {@link ExecutorOptions}). */
        public ExecutorBuilder option(String key, Object value) {
            options.put(key, value);
            return this;
        }

        /** Sets options by their seed names. */
        public ExecutorBuilder options(Map<String, ?> values) {
            options.putAll(values);
            return this;
        }

        public ExecutorBuilder parallelism(int value) {
            return option(ExecutorOptions.PARALLELISM.key(), value);
        }

        public ExecutorBuilder maxParallelism(int value) {
            return option(ExecutorOptions.MAX_PARALLELISM.key(), value);
        }

        public ExecutorBuilder stateBackend(String identifier) {
            return option(ExecutorOptions.STATE_BACKEND.key(), identifier);
        }

        public ExecutorBuilder checkpointInterval(Duration interval) {
            return option(ExecutorOptions.CHECKPOINT_INTERVAL_SECONDS.key(), interval.toSeconds());
        }

        public ExecutorBuilder watermarkIdleTimeout(Duration timeout) {
            return option(ExecutorOptions.WATERMARK_IDLE_TIMEOUT_MS.key(), timeout.toMillis());
        }

        /**
         * Validates the options (here, all at once) and creates the executor in the container.
         *
         * @throws io.sabot.plugin.OptionValidationException listing every bad option
         * @throws IllegalStateException if the container is closed
         */
        public StreamingSqlExecutor build() {
            ExecutorOptions validated = ExecutorOptions.of(options);
            return container.newExecutor(options, validated);
        }
    }
}
