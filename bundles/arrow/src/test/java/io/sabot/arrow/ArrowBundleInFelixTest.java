package io.sabot.arrow;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The sabot-arrow bundle, exactly as bnd built it, in a real Felix 7 with only the third-party bundles the README
 * lists and the framework properties it documents (none): every bundle resolves and starts, the exports are
 * Arrow's at 19.0.0 and nothing of Netty, and Arrow allocates, fills, serialises and frees vectors.
 *
 * <p>This JVM runs without flags. Arrow IPC needs {@code java.nio} opened to the bundles (README.md): one test
 * shows it fails here without that, another runs the IPC round trip in a JVM started with {@code java -jar} whose
 * manifest says {@code Add-Opens: java.base/java.nio}, as the Sabot launcher's does — still no command-line flag.
 */
public class ArrowBundleInFelixTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path arrowJar;
    private List<Path> thirdPartyBundles;
    private ArrowInFelix felix;

    @Before
    public void everyBundleResolvesAndStarts() throws Exception {
        arrowJar = ArrowInFelix.packBundleFromClasses(
                temp.newFile("sabot-arrow.jar").toPath());
        thirdPartyBundles = ArrowInFelix.thirdPartyBundlesOnClassPath();
        felix = ArrowInFelix.start(temp.newFolder("felix-cache").toPath(), thirdPartyBundles, arrowJar);
    }

    @After
    public void stopFelix() throws Exception {
        if (felix != null) {
            felix.close();
        }
    }

    @Test
    public void exportsArrowAt19AndKeepsNettyPrivate() {
        assertEquals("io.sabot.arrow", felix.arrow.getSymbolicName());
        List<BundleCapability> exports =
                felix.arrow.adapt(BundleWiring.class).getCapabilities(PackageNamespace.PACKAGE_NAMESPACE);
        List<String> packages = new ArrayList<>();
        for (BundleCapability export : exports) {
            String pkg = (String) export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
            packages.add(pkg);
            assertTrue(pkg + " must not be exported", pkg.startsWith("org.apache.arrow."));
            assertEquals(pkg, new Version(19, 0, 0), export.getAttributes().get(Constants.VERSION_ATTRIBUTE));
        }
        assertTrue(packages.toString(), packages.contains("org.apache.arrow.memory"));
        assertTrue(packages.toString(), packages.contains("org.apache.arrow.vector"));
        assertTrue(packages.toString(), packages.contains("org.apache.arrow.vector.ipc"));
        assertTrue(packages.toString(), packages.contains("org.apache.arrow.flatbuf"));
        assertFalse("Netty's allocator subclass stays private", packages.contains("org.apache.arrow.memory.patch"));
    }

    @Test
    public void importsWireToTheSystemBundleAndTheListedBundlesWithNoFrameworkProperties() {
        Map<String, Bundle> providers = new HashMap<>();
        for (BundleWire wire :
                felix.arrow.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            providers.put(
                    (String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                    wire.getProvider().getBundle());
        }
        // Felix's default org.osgi.framework.system.packages covers the JDK's internal packages Arrow and Netty use.
        assertEquals(0L, providers.get("sun.misc").getBundleId());
        assertEquals(0L, providers.get("javax.security.cert").getBundleId());
        assertEquals(
                "org.ops4j.pax.logging.pax-logging-api",
                providers.get("org.slf4j").getSymbolicName());
        assertEquals(
                "com.google.flatbuffers.java",
                providers.get("com.google.flatbuffers").getSymbolicName());
        assertEquals(
                "com.fasterxml.jackson.core.jackson-databind",
                providers.get("com.fasterxml.jackson.databind").getSymbolicName());
        assertEquals(
                "com.fasterxml.jackson.datatype.jackson-datatype-jsr310",
                providers.get("com.fasterxml.jackson.datatype.jsr310").getSymbolicName());
        for (String pkg : providers.keySet()) {
            assertFalse(pkg + " comes from outside", pkg.startsWith("io.netty") || pkg.startsWith("org.apache.arrow"));
        }
    }

    @Test
    public void consumerImportingTheSabotRangeIsWiredToThisBundle() throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "io.sabot.arrow.consumer");
        main.putValue(
                Constants.IMPORT_PACKAGE,
                "org.apache.arrow.memory;version=\"[19,20)\",org.apache.arrow.vector;version=\"[19,20)\","
                        + "org.apache.arrow.vector.ipc;version=\"[19,20)\"");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        new JarOutputStream(jar, manifest).close();

        Bundle consumer = felix.framework
                .getBundleContext()
                .installBundle("test:arrow-consumer", new ByteArrayInputStream(jar.toByteArray()));
        consumer.start();
        List<BundleWire> wires =
                consumer.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE);
        assertEquals(3, wires.size());
        for (BundleWire wire : wires) {
            assertSame(felix.arrow, wire.getProvider().getBundle());
        }
    }

    @Test
    public void allocatorVectorsAndJsonNeedNoJvmFlags() throws Exception {
        Object allocator = felix.newRootAllocator();
        felix.assertNettyAllocationManagerFromBundle();
        Object root = felix.newSampleRoot(allocator);
        assertTrue(felix.allocatedMemory(allocator) > 0);
        felix.assertSampleRoot(root);
        felix.assertJsonThroughJackson(root);
        felix.call(root, "close");
        felix.closeWithoutLeak(allocator);
    }

    @Test
    public void ipcWithoutJavaNioOpenedFailsCleanlyAndLeaksNothing() throws Exception {
        // Guards README.md: if this starts passing, a newer Arrow no longer needs java.nio opened.
        Object allocator = felix.newRootAllocator();
        Object root = felix.newSampleRoot(allocator);
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> felix.writeStream(root));
        assertTrue(e.getMessage(), e.getMessage().contains("java.nio.DirectByteBuffer.<init>(long, int)"));
        felix.call(root, "close");
        felix.closeWithoutLeak(allocator);
    }

    @Test
    public void ipcStreamRoundTripsWhenTheLaunchersManifestOpensJavaNio() throws Exception {
        felix.close();
        felix = null;

        Path launcher = temp.newFile("arrow-in-felix.jar").toPath();
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, ArrowInFelix.class.getName());
        main.put(Attributes.Name.CLASS_PATH, classPathAsManifestUrls());
        main.putValue("Add-Opens", "java.base/java.nio");
        // A manifest-only jar, like Surefire's own booter jar.
        new JarOutputStream(Files.newOutputStream(launcher), manifest).close();

        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                launcher.toString(),
                temp.newFolder("child-felix-cache").toString(),
                arrowJar.toString()));
        thirdPartyBundles.forEach(p -> command.add(p.toString()));
        Path log = temp.newFile("child.log").toPath();
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // No flags may sneak in through the environment either.
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process child = builder.start();
        boolean finished = child.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        System.out.print(output);
        assertTrue("child JVM did not finish in time:\n" + output, finished);
        assertEquals(output, 0, child.exitValue());
        assertTrue(output, output.contains("OK: 3 rows written and read back as an Arrow IPC stream"));
    }

    private static String classPathAsManifestUrls() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Paths.get(entry).toUri().toString())
                .collect(Collectors.joining(" "));
    }
}
