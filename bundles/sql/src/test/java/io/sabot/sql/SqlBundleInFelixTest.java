package io.sabot.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The bundle as bnd built it (target/classes: manifest, our classes, embedded Calcite) in a real Felix with only the
 * bundles it imports from: it resolves, exports only {@code io.sabot.sql}, and plans queries that exercise
 * Calcite's class loading inside the bundle (Janino-generated metadata handlers, constant reduction).
 */
public class SqlBundleInFelixTest {

    /** Bundles installed alongside, found on the test class path by file name. */
    private static final List<String> BUNDLES = List.of(
            "jackson-annotations-",
            "jackson-core-",
            "jackson-databind-",
            "jackson-datatype-jsr310-",
            "flatbuffers-java-",
            "pax-logging-api-",
            "sabot-arrow-",
            "sabot-plan-",
            "sabot-connector-spi-");

    private static Framework framework;
    private static Bundle sql;

    @BeforeClass
    public static void startFelix() throws Exception {
        if (System.getProperty("org.ops4j.pax.logging.DefaultServiceLog.level") == null) {
            System.setProperty("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
        }
        Path storage = Files.createTempDirectory("sabot-sql-felix");
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class)
                .findFirst()
                .orElseThrow()
                .newFramework(config);
        framework.start();
        List<Bundle> installed = new ArrayList<>();
        for (Path bundle : bundlesOnClassPath()) {
            installed.add(framework.getBundleContext().installBundle(location(bundle)));
        }
        sql = framework.getBundleContext().installBundle(location(packBundle(storage.resolve("sabot-sql.jar"))));
        installed.add(sql);
        framework.adapt(FrameworkWiring.class).resolveBundles(installed);
        for (Bundle bundle : installed) {
            bundle.start();
            assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
        }
    }

    @AfterClass
    public static void stopFelix() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(30_000);
        }
    }

    @Test
    public void exportsOnlyTheApiAndImportsOnlyWhatItMust() {
        BundleWiring wiring = sql.adapt(BundleWiring.class);
        List<String> exports = new ArrayList<>();
        for (BundleCapability capability : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            exports.add((String) capability.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
        }
        assertEquals(List.of("io.sabot.sql"), exports);
        for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            String pkg = (String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            String provider = wire.getProvider().getBundle().getSymbolicName();
            boolean expected = wire.getProvider().getBundle().getBundleId() == 0
                    || pkg.startsWith("io.sabot.") && provider.startsWith("io.sabot.")
                    || pkg.startsWith("org.slf4j") && provider.equals("org.ops4j.pax.logging.pax-logging-api");
            assertTrue(pkg + " from " + provider, expected);
            assertFalse(
                    pkg + " must stay inside",
                    pkg.startsWith("org.apache.calcite") || pkg.startsWith("com.google.common"));
        }
    }

    @Test
    public void plansAScriptInsideFelix() throws Exception {
        Class<?> frontEndType = sql.loadClass("io.sabot.sql.SqlFrontEnd");
        Class<?> sessionType = sql.loadClass("io.sabot.sql.SqlSession");
        Object frontEnd = frontEndType.getMethod("create").invoke(null);
        Object session = frontEndType.getMethod("newSession").invoke(frontEnd);
        Method executeScript = sessionType.getMethod("executeScript", String.class, Map.class);
        String script = TestSessions.TABLES
                + "SELECT channel, TUMBLE(dateTime, INTERVAL '1' MINUTE) AS window_start, COUNT(*) + 1 AS c,"
                + " UPPER('abc') AS k FROM bid WHERE price > 2 * 5 GROUP BY channel, TUMBLE(dateTime, INTERVAL '1' MINUTE)";
        List<?> results = (List<?>) executeScript.invoke(session, script, Map.of());
        Object query = results.get(results.size() - 1);
        Class<?> queryType = sql.loadClass("io.sabot.sql.StatementResult$Query");
        Object plan = queryType.getMethod("plan").invoke(query);
        String explain = (String) plan.getClass().getMethod("explain").invoke(plan);
        assertTrue(explain, explain.contains("WindowAggregate(groupBy=[$0], window=[TUMBLE($1, size=60000ms)]"));
        assertTrue(explain, explain.contains("'ABC' AS k"));
        assertTrue(explain, explain.contains("where=[GREATER_THAN($2, 10)]"));
        // the plan's classes are the plan bundle's, not a copy inside the SQL bundle
        assertEquals("io.sabot.plan", bundleOf(plan.getClass()));
    }

    private static String bundleOf(Class<?> type) {
        return ((org.osgi.framework.BundleReference) type.getClassLoader())
                .getBundle()
                .getSymbolicName();
    }

    private static String location(Path path) {
        return (Files.isDirectory(path) ? "reference:" : "") + path.toUri();
    }

    private static List<Path> bundlesOnClassPath() {
        List<Path> classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Paths::get)
                .toList();
        List<Path> bundles = new ArrayList<>();
        for (String prefix : BUNDLES) {
            List<Path> matches = classPath.stream()
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(prefix) && name.endsWith(".jar");
                    })
                    .toList();
            if (matches.isEmpty() && prefix.startsWith("sabot-")) {
                // in a reactor build a sibling module may be on the class path as target/classes
                String module = prefix.substring("sabot-".length(), prefix.length() - 1);
                matches = classPath.stream()
                        .filter(p -> p.endsWith(Paths.get(module, "target", "classes"))
                                || p.endsWith(Paths.get(prefix.substring(0, prefix.length() - 1), "target", "classes")))
                        .toList();
            }
            assertEquals("exactly one " + prefix + "* on the class path: " + matches, 1, matches.size());
            bundles.add(matches.get(0));
        }
        return bundles;
    }

    /** target/classes as a bundle jar: bnd-process wrote the manifest and the embedded classes there. */
    private static Path packBundle(Path jar) throws IOException {
        Path classes = Paths.get("target", "classes");
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '/');
                if (name.isEmpty() || name.equals("META-INF") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                boolean directory = Files.isDirectory(file);
                jarOut.putNextEntry(new JarEntry(directory ? name + "/" : name));
                if (!directory) {
                    Files.copy(file, jarOut);
                }
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
