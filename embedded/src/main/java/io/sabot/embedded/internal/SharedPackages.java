package io.sabot.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What the system bundle exports from the program's class path, so that the container's bundles use the program's
 * classes where objects cross: Arrow (result batches) and {@code io.sabot.plugin} (option errors).
 *
 * <p>Each package is exported at the version the distribution's own bundle exports it with, read from that bundle's
 * manifest ({@code io.sabot.arrow} for Arrow, {@code io.sabot.connector.spi} for {@code io.sabot.plugin}), and only if
 * the program's class loader has it. The Arrow bundle is then left out: its packages are not substitutable, and two
 * Arrows in one framework would let a bundle see half of each. {@code io.sabot.plugin} is substitutable (the
 * connector SPI bundle imports what it exports), so that bundle stays and wires to the system bundle's copy.
 */
public final class SharedPackages {

    public static final String SYSTEM_PACKAGES_EXTRA = "org.osgi.framework.system.packages.extra";

    static final String ARROW_BUNDLE = "io.sabot.arrow";
    static final String SPI_BUNDLE = "io.sabot.connector.spi";
    static final String PLUGIN_PACKAGE = "io.sabot.plugin";

    private final Map<String, String> exports;
    private final Set<Path> replaced;

    private SharedPackages(Map<String, String> exports, Set<Path> replaced) {
        this.exports = exports;
        this.replaced = replaced;
    }

    /**
     * @throws IllegalStateException if the program's Arrow is missing, or of another major version than the
     *     distribution's
     */
    public static SharedPackages of(Path home, ClassLoader program) {
        Map<String, Path> bundles = bundlesBySymbolicName(home.resolve("bundle"));
        Map<String, String> exports = new LinkedHashMap<>();
        Path arrow = bundles.get(ARROW_BUNDLE);
        if (arrow == null) {
            throw new IllegalStateException("no Arrow bundle (" + ARROW_BUNDLE + ") in " + home.resolve("bundle"));
        }
        for (ManifestHeader clause : exportsOf(arrow)) {
            String version = clause.parameters().getOrDefault("version", "0.0.0");
            if (hasPackage(arrow, clause.name(), program)) {
                exports.put(clause.name(), version);
            }
        }
        String arrowVersion = exports.get("org.apache.arrow.vector");
        if (arrowVersion == null) {
            throw new IllegalStateException("Apache Arrow (org.apache.arrow:arrow-vector) is not on the class path");
        }
        checkArrowVersion(arrowVersion, program);
        Path spi = bundles.get(SPI_BUNDLE);
        if (spi != null && program.getResource(PLUGIN_PACKAGE.replace('.', '/') + "/PluginFactory.class") != null) {
            for (ManifestHeader clause : exportsOf(spi)) {
                if (clause.name().equals(PLUGIN_PACKAGE)) {
                    exports.put(PLUGIN_PACKAGE, clause.parameters().getOrDefault("version", "0.0.0"));
                }
            }
        }
        return new SharedPackages(Map.copyOf(exports), Set.of(arrow));
    }

    /** The extra system packages: whatever the configuration had, then ours. */
    public String systemPackagesExtra(Map<String, String> properties) {
        List<String> clauses = new ArrayList<>();
        String configured = properties.get(SYSTEM_PACKAGES_EXTRA);
        if (configured != null && !configured.isBlank()) {
            clauses.add(configured.strip());
        }
        exports.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> clauses.add(e.getKey() + ";version=\"" + e.getValue() + "\""));
        return String.join(",", clauses);
    }

    /** Package name to version, of what the system bundle exports from the program. */
    public Map<String, String> exports() {
        return exports;
    }

    /** The bundle jars that are not installed because the program's class path provides their packages. */
    public Set<Path> replacedBundles() {
        return replaced;
    }

    private static void checkArrowVersion(String bundleVersion, ClassLoader program) {
        String programVersion;
        try {
            programVersion = Class.forName("org.apache.arrow.vector.VectorSchemaRoot", false, program)
                    .getPackage()
                    .getImplementationVersion();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Apache Arrow (org.apache.arrow:arrow-vector) is not on the class path");
        }
        if (programVersion != null && !major(programVersion).equals(major(bundleVersion))) {
            throw new IllegalStateException("the class path has Apache Arrow " + programVersion
                    + ", the Sabot distribution's bundles need " + major(bundleVersion) + ".x (they are built against "
                    + bundleVersion + ")");
        }
    }

    private static String major(String version) {
        int dot = version.indexOf('.');
        return dot < 0 ? version : version.substring(0, dot);
    }

    /** Whether the program's loader has a class of {@code pkg} that the bundle has (jars list no directories). */
    private static boolean hasPackage(Path jar, String pkg, ClassLoader program) {
        String prefix = pkg.replace('.', '/') + '/';
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(prefix) && name.endsWith(".class") && name.indexOf('/', prefix.length()) < 0) {
                    return program.getResource(name) != null;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static List<ManifestHeader> exportsOf(Path jar) {
        return ManifestHeader.parse(manifest(jar).getMainAttributes().getValue("Export-Package"));
    }

    static Map<String, Path> bundlesBySymbolicName(Path dir) {
        Map<String, Path> bundles = new LinkedHashMap<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                String bsn = manifest(jar).getMainAttributes().getValue("Bundle-SymbolicName");
                if (bsn != null) {
                    bundles.put(ManifestHeader.parse(bsn).get(0).name(), jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return bundles;
    }

    private static Manifest manifest(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null ? manifest : new Manifest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }
}
