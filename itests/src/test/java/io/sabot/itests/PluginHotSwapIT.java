package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Installing, updating and uninstalling a connector bundle at runtime makes its factory appear, change version and
 * vanish in the registry and the shell; a plug-in that cannot resolve is listed with the reason.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginHotSwapIT extends SabotTestSupport {

    private static final String DATAGEN = "io.sabot.connector.datagen";

    @Inject
    CommandProcessor commandProcessor;

    /** The container starts without the datagen feature: the test installs it. */
    @Override
    protected boolean includeBundle(String fileName) {
        return !fileName.startsWith("sabot-connector-datagen");
    }

    private static Path datagenJar() {
        return Paths.get(System.getProperty("sabot.datagen.jar"));
    }

    private static boolean hasDatagen(PluginSnapshot snapshot, String version) {
        return snapshot.active(PluginKind.CONNECTOR, "datagen")
                .map(p -> version == null || p.bundleVersion().equals(version))
                .orElse(false);
    }

    @Test
    public void installUpdateUninstall() throws Exception {
        assertTrue(registry.snapshot().active(PluginKind.CONNECTOR, "datagen").isEmpty());
        assertFalse(shell("sabot:connectors").contains(DATAGEN));

        Bundle bundle;
        try (InputStream in = Files.newInputStream(datagenJar())) {
            bundle = bundleContext.installBundle("test:datagen", in);
        }
        bundle.start();
        PluginSnapshot installed = awaitRegistry(s -> hasDatagen(s, null), 10_000);
        PluginInfo datagen = installed.active(PluginKind.CONNECTOR, "datagen").orElseThrow();
        assertEquals(DATAGEN, datagen.bundleSymbolicName());
        assertEquals(bundle.getVersion().toString(), datagen.bundleVersion());
        String listing = shell("sabot:connectors");
        assertTrue(listing, listing.contains("datagen") && listing.contains(DATAGEN) && listing.contains("ACTIVE"));
        String detail = shell("sabot:plugin connector datagen");
        assertTrue(detail, detail.contains("rows-per-second"));

        // Update to a build with another version: the registry follows.
        bundle.update(new ByteArrayInputStream(withVersion(Files.readAllBytes(datagenJar()), "0.1.1.hotswap")));
        PluginSnapshot updated = awaitRegistry(s -> hasDatagen(s, "0.1.1.hotswap"), 10_000);
        assertEquals(1, datagens(updated));
        assertTrue(shell("sabot:connectors").contains("0.1.1.hotswap"));

        bundle.uninstall();
        PluginSnapshot removed = awaitRegistry(s -> datagens(s) == 0, 10_000);
        // Passing through INSTALLED on the way out is no failure.
        assertTrue(removed.failures().toString(), removed.failures().isEmpty());
        assertFalse(shell("sabot:connectors").contains(DATAGEN));
    }

    @Test
    public void unresolvablePluginIsListedWithTheReason() throws Exception {
        byte[] broken = brokenPlugin();
        Bundle bundle = bundleContext.installBundle("test:broken", new ByteArrayInputStream(broken));
        try {
            PluginSnapshot snapshot = awaitRegistry(
                    s -> s.failures().stream()
                            .anyMatch(f -> f.bundleSymbolicName().equals("test.broken.plugin")),
                    10_000);
            PluginFailure failure = snapshot.failures().stream()
                    .filter(f -> f.bundleSymbolicName().equals("test.broken.plugin"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(failure.reason(), failure.reason().contains("org.example.missing"));
            assertTrue(shell("sabot:plugins").contains("org.example.missing"));
        } finally {
            bundle.uninstall();
        }
        PluginSnapshot after = awaitRegistry(
                s -> s.failures().stream().noneMatch(f -> f.bundleSymbolicName().equals("test.broken.plugin")), 10_000);
        assertNull(after.failures().stream()
                .filter(f -> f.bundleSymbolicName().equals("test.broken.plugin"))
                .findFirst()
                .orElse(null));
    }

    private static long datagens(PluginSnapshot snapshot) {
        return snapshot.plugins(PluginKind.CONNECTOR).stream()
                .filter(p -> p.identifier().equals("datagen"))
                .count();
    }

    private String shell(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(command);
            return out.toString(StandardCharsets.UTF_8) + (result == null ? "" : result);
        } finally {
            session.close();
        }
    }

    /** A plug-in bundle importing the connector SPI and a package nothing provides. */
    private static byte[] brokenPlugin() throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "test.broken.plugin");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue(
                "Import-Package", "io.sabot.connector.spi;version=\"[1.0,2)\",org.example.missing;version=\"[2,3)\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("README.txt"));
            out.write("a plug-in whose dependency is missing".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return bytes.toByteArray();
    }
}
