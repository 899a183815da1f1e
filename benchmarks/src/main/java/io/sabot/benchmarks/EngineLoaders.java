package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Digest;
import io.sabot.benchmarks.api.Engine;
import io.sabot.benchmarks.api.Query;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Loads Sabot in a class loader of its own, as it runs in production: without any Flink jar, its own dependencies
 * first. Flink runs on the JVM's class path, as Flink needs: its MiniCluster loads the classes of jobs without user
 * jars from the system class loader. The two must not share one class path: {@code sabot-sql} embeds Calcite, Janino
 * and Commons Lang in versions other than Flink's (Flink's JSON plan generator, for one, fails on the Commons Lang in
 * {@code sabot-sql}), so the module's pom lists Flink's dependencies first, and Sabot's loader puts Sabot's jars first.
 * Sabot's loader shares the JDK and the package {@code io.sabot.benchmarks.api} (the harness's view of an engine)
 * with the harness; every other class, third-party libraries included, it loads itself, from the class path entries
 * that are not Flink's.
 */
final class EngineLoaders {

    private static final String API_PACKAGE = "io.sabot.benchmarks.api.";

    /**
     * System property: a {@code sabot-engine} jar to load instead of the one on the class path (an engine built in a
     * working tree with {@code mvn -pl bundles/engine package}, without installing it).
     */
    static final String ENGINE_JAR = "sabot.engine.jar";

    private EngineLoaders() {}

    private static boolean isEngineJar(Path entry) {
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
        return name.startsWith("sabot-engine-") && name.endsWith(".jar");
    }

    /** Sabot in its own loader. */
    static Engine sabot(int parallelism) throws Exception {
        ClassLoader loader = sabotLoader();
        Engine loaded = inContext(loader, () -> (Engine) Class.forName("io.sabot.benchmarks.SabotEngine", true, loader)
                .getConstructor(int.class)
                .newInstance(parallelism));
        return new ContextEngine(loaded, loader);
    }

    /**
     * A new instance of {@code className} (of this module) made in a Sabot loader, so that the libraries it uses are
     * Sabot's (the Kafka benchmark's plain consumer uses the kafka-clients inside Sabot's connector); the
     * constructor is the one taking {@code args}' classes.
     */
    static Object inSabotLoader(String className, Class<?>[] types, Object... args) throws Exception {
        ClassLoader loader = sabotLoader();
        return inContext(loader, () -> Class.forName(className, true, loader)
                .getConstructor(types)
                .newInstance(args));
    }

    private static ClassLoader sabotLoader() throws IOException {
        List<URL> own = new ArrayList<>();
        List<URL> shared = new ArrayList<>();
        String engineJar = System.getProperty(ENGINE_JAR, "");
        for (Path entry : classPath()) {
            if (!engineJar.isBlank() && isEngineJar(entry)) {
                continue;
            }
            String owner = owner(entry);
            if (owner.equals("sabot")) {
                own.add(withoutClassPath(entry).toUri().toURL());
            } else if (owner.equals("both")) {
                shared.add(withoutClassPath(entry).toUri().toURL());
            }
        }
        if (!engineJar.isBlank()) {
            // first: a jar on the class path may name the installed engine in its manifest's Class-Path
            Path jar = Path.of(engineJar).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IOException(ENGINE_JAR + ": no file " + jar);
            }
            own.add(0, jar.toUri().toURL());
        }
        own.addAll(shared);
        return new EngineClassLoader("sabot", own.toArray(URL[]::new));
    }

    /** Flink, on the JVM's class path. */
    static Engine flink(int parallelism) throws Exception {
        return new FlinkEngine(parallelism);
    }

    /**
     * Which engine a class path entry belongs to: {@code flink} (Flink's jars), {@code sabot} (Sabot's, except the
     * Nexmark connector, whose generator both use) or {@code both} (this module, third-party libraries).
     */
    static String owner(Path entry) {
        String name = entry.getFileName() == null ? "" : entry.getFileName().toString();
        if (Files.isDirectory(entry)) {
            if (Files.isDirectory(entry.resolve("io/sabot/benchmarks"))
                    || Files.isDirectory(entry.resolve("io/sabot/connector/nexmark"))) {
                return "both";
            }
            if (Files.isDirectory(entry.resolve("org/apache/flink"))) {
                return "flink";
            }
            return Files.isDirectory(entry.resolve("io/sabot")) ? "sabot" : "both";
        }
        if (name.startsWith("flink-") || name.startsWith("frocksdbjni-")) {
            // frocksdbjni: Flink's RocksDB fork, in package org.rocksdb like Sabot's rocksdbjni
            return "flink";
        }
        if (name.startsWith("sabot-") && !name.startsWith("sabot-connector-nexmark")) {
            return "sabot";
        }
        return "both";
    }

    /**
     * The harness's class path: its loader's URLs when it is a {@link URLClassLoader} (as under {@code exec:java}),
     * else the JVM's class path, with a manifest-only jar (as Surefire starts tests) expanded.
     */
    static List<Path> classPath() throws IOException {
        List<Path> entries = new ArrayList<>();
        if (EngineLoaders.class.getClassLoader() instanceof URLClassLoader harness) {
            for (URL url : harness.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()));
                } catch (java.net.URISyntaxException | RuntimeException e) {
                    throw new IOException("class path entry " + url + ": " + e.getMessage(), e);
                }
            }
            return entries;
        }
        for (String part : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            Path path = Path.of(part).toAbsolutePath();
            entries.add(path);
            if (Files.isRegularFile(path) && part.endsWith(".jar")) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    Manifest manifest = jar.getManifest();
                    String classPath = manifest == null
                            ? null
                            : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                    if (classPath != null) {
                        for (String ref : classPath.trim().split("\\s+")) {
                            entries.add(resolve(path, ref));
                        }
                    }
                }
            }
        }
        return entries;
    }

    /**
     * The entry itself, or for a jar whose manifest has a {@code Class-Path} (the harness jar under {@code -jar} or
     * {@code -cp}, Surefire's manifest-only jar) a copy without it: a {@link URLClassLoader} follows that attribute,
     * which would put every Flink jar, Flink's RocksDB fork {@code frocksdbjni} ahead of Sabot's {@code rocksdbjni}
     * among them (both in package {@code org.rocksdb}), into Sabot's loader. {@link #classPath()} has already
     * expanded the attribute's entries, each assigned to its engine.
     */
    static Path withoutClassPath(Path entry) throws IOException {
        if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return entry;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) == null) {
                return entry;
            }
            manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
            Path copy = Files.createTempFile("sabot-benchmark-", "-" + entry.getFileName());
            copy.toFile().deleteOnExit();
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), manifest)) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (e.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (var in = jar.getInputStream(e)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return copy;
        }
    }

    private static Path resolve(Path jar, String ref) throws MalformedURLException {
        try {
            URI uri = jar.getParent().toUri().resolve(ref);
            return Path.of(uri);
        } catch (RuntimeException e) {
            throw new MalformedURLException("class path entry " + ref + " of " + jar + ": " + e.getMessage());
        }
    }

    static <T> T inContext(ClassLoader loader, Callable<T> call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Parent: the JDK; the api package from the harness's loader; everything else from its own entries. */
    static final class EngineClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final ClassLoader harness = EngineLoaders.class.getClassLoader();

        EngineClassLoader(String engine, URL[] urls) {
            super("benchmark-" + engine, urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(API_PACKAGE)) {
                return harness.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    /** Calls the engine with its loader as the thread's context class loader (Flink finds its factories there). */
    static final class ContextEngine implements Engine {
        private final Engine engine;
        private final ClassLoader loader;

        ContextEngine(Engine engine, ClassLoader loader) {
            this.engine = engine;
            this.loader = loader;
        }

        @Override
        public String name() {
            return engine.name();
        }

        @Override
        public String describe() {
            return engine.describe();
        }

        @Override
        public long run(Query query, Source source, long timeoutSeconds) throws Exception {
            return inContext(loader, () -> engine.run(query, source, timeoutSeconds));
        }

        @Override
        public String lastRunDetail() {
            return engine.lastRunDetail();
        }

        @Override
        public Digest digest(Query query, Source source, long timeoutSeconds) throws Exception {
            return inContext(loader, () -> engine.digest(query, source, timeoutSeconds));
        }

        @Override
        public TimedRun runFor(Query query, Source source, CheckpointSetup setup, long warmupSeconds, long seconds)
                throws Exception {
            return inContext(loader, () -> engine.runFor(query, source, setup, warmupSeconds, seconds));
        }

        @Override
        public long runScript(String ddl, String insert, long expectedRows, long timeoutSeconds) throws Exception {
            return inContext(loader, () -> engine.runScript(ddl, insert, expectedRows, timeoutSeconds));
        }

        @Override
        public StateRun keyedState(
                Query query, long rowsBefore, CheckpointSetup setup, int checkpoints, long timeoutSeconds)
                throws Exception {
            return inContext(loader, () -> engine.keyedState(query, rowsBefore, setup, checkpoints, timeoutSeconds));
        }

        @Override
        public void close() throws Exception {
            inContext(loader, () -> {
                engine.close();
                return null;
            });
            if (loader instanceof URLClassLoader closeable) {
                closeable.close();
            }
        }
    }
}
