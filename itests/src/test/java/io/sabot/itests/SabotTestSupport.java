package io.sabot.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;

import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.PluginSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.BundleContext;

/**
 * Shared set-up of the in-container tests: a real Felix with exactly the bundles of the assembled distribution (its
 * {@code bundle/} folder) and the framework properties of its {@code etc/config.properties}, failing on any bundle
 * that does not resolve, HTTP on a free loopback port.
 */
public abstract class SabotTestSupport {

    /** The assembled distribution, {@code runtime-assembly/target/sabot}. */
    static final Path DIST = Paths.get(System.getProperty("sabot.dist", "../runtime-assembly/target/sabot"))
            .toAbsolutePath()
            .normalize();

    /** Framework properties taken over from the distribution, so the tests run what users run. */
    private static final List<String> INHERITED_PROPERTIES = List.of(
            "org.osgi.framework.system.packages.extra", "org.osgi.framework.bootdelegation", "felix.cm.config.plugins");

    /** The secrets directory of the interpolation plugin ($[secret:name]) in the tests: target/itest-secrets. */
    static final Path SECRETS = Paths.get("target", "itest-secrets").toAbsolutePath();

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected PluginRegistry registry;

    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>();
        options.add(systemProperty("pax.exam.osgi.unresolved.fail").value("true"));
        options.add(systemTimeout(60_000));
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(DIST.resolve("etc/config.properties"))) {
            config.load(in);
        }
        for (String key : INHERITED_PROPERTIES) {
            String value = config.getProperty(key);
            if (value != null) {
                options.add(frameworkProperty(key).value(value));
            }
        }
        Files.createDirectories(SECRETS);
        options.add(frameworkProperty("org.apache.felix.configadmin.plugin.interpolation.secretsdir")
                .value(SECRETS.toString()));
        // as the distribution runs it: Gogo without a terminal. An interactive shell reads the test fork's stdin,
        // which is surefire's command channel: it took those bytes as input, and at their end stopped the framework
        // in the middle of a test ("gosh: stopping shell and framework", ConsoleTenantsIT in a clean-clone CI)
        options.add(frameworkProperty("gosh.args").value("--nointeractive"));
        options.add(frameworkProperty("org.osgi.service.http.port").value(String.valueOf(freePort())));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("org.osgi.service.http.host").value("127.0.0.1"));
        for (Path jar : distributionBundles()) {
            if (includeBundle(jar.getFileName().toString())) {
                options.add(bundle(jar.toUri().toString()));
            }
        }
        options.add(junitBundles());
        return options.toArray(new Option[0]);
    }

    /** Whether the distribution bundle with this file name is installed at start; all are by default. */
    protected boolean includeBundle(String fileName) {
        return true;
    }

    static List<Path> distributionBundles() throws IOException {
        Path dir = DIST.resolve("bundle");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No distribution at " + DIST + ": build runtime-assembly first");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    /** Runs a Gogo command and returns what it printed and returned. */
    static String shell(org.apache.felix.service.command.CommandProcessor processor, String command) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        org.apache.felix.service.command.CommandSession session =
                processor.createSession(new java.io.ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(command);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8) + (result == null ? "" : result);
        } finally {
            session.close();
        }
    }

    /** The jar with another Bundle-Version, as another build of the same plug-in would be. */
    static byte[] withVersion(byte[] jar, String version) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.jar.JarInputStream in =
                new java.util.jar.JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            java.util.jar.Manifest manifest = new java.util.jar.Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(bytes, manifest)) {
                for (java.util.jar.JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until the registry's snapshot satisfies {@code condition}, woken by the registry's own change events (no
     * polling, no sleeps), and returns that snapshot.
     *
     * @throws AssertionError with the last snapshot when the timeout passes first
     */
    protected PluginSnapshot awaitRegistry(Predicate<PluginSnapshot> condition, long timeoutMillis) throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        AtomicReference<PluginSnapshot> seen = new AtomicReference<>();
        try (AutoCloseable listening = registry.addListener(snapshot -> {
            if (condition.test(snapshot)) {
                seen.set(snapshot);
                latch.countDown();
            }
        })) {
            PluginSnapshot now = registry.snapshot();
            if (condition.test(now)) {
                return now;
            }
            if (!latch.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("registry did not reach the expected state in " + timeoutMillis
                        + " ms; last snapshot: " + registry.snapshot());
            }
            return seen.get();
        }
    }
}
