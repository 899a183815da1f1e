package io.sabot.features;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds the jar of a coordinate among the entries of a class path: by Maven repository layout
 * ({@code …/group/path/artifact/version/artifact-version.jar}), else by the {@code META-INF/maven/<g>/<a>/pom.properties}
 * a Maven-built jar carries (reactor jars in {@code target/}).
 */
public final class BundleLocator {

    private final List<Path> jars;
    private Map<String, Path> byPomProperties;

    public BundleLocator(List<Path> classpath) {
        List<Path> files = new ArrayList<>();
        for (Path entry : classpath) {
            if (entry.getFileName() != null
                    && entry.getFileName().toString().endsWith(".jar")
                    && Files.isRegularFile(entry)) {
                files.add(entry.toAbsolutePath().normalize());
            }
        }
        this.jars = List.copyOf(files);
    }

    /**
     * The class path of this JVM: Surefire's {@code surefire.test.class.path} when set (its booter jar hides the real
     * one), else {@code java.class.path}.
     */
    public static BundleLocator ofCurrentClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path", "");
        }
        List<Path> entries = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry));
            }
        }
        return new BundleLocator(entries);
    }

    public Optional<Path> locate(Coordinate c) {
        String layout = c.groupId().replace('.', '/') + "/" + c.artifactId() + "/" + c.version() + "/";
        for (Path jar : jars) {
            String path = jar.toString().replace(File.separatorChar, '/');
            String name = jar.getFileName().toString();
            if (path.endsWith(layout + name) && name.startsWith(c.artifactId() + "-") && !hasClassifier(c, name)) {
                return Optional.of(jar);
            }
        }
        return Optional.ofNullable(pomPropertiesIndex().get(c.toString()));
    }

    /** {@code a-1.0-tests.jar} and {@code a-1.0-sources.jar} are not the bundle {@code a-1.0.jar}. */
    private static boolean hasClassifier(Coordinate c, String name) {
        String exact = c.artifactId() + "-" + c.version() + ".jar";
        if (name.equals(exact)) {
            return false;
        }
        // remote snapshots: a-1.0-20250101.101010-3.jar
        return !(c.version().endsWith("-SNAPSHOT")
                && name.matches(java.util.regex.Pattern.quote(c.artifactId() + "-"
                                + c.version().substring(0, c.version().length() - 9))
                        + "-\\d{8}\\.\\d{6}-\\d+\\.jar"));
    }

    private synchronized Map<String, Path> pomPropertiesIndex() {
        if (byPomProperties == null) {
            byPomProperties = new LinkedHashMap<>();
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                        String name = entry.getName();
                        if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
                            Properties p = new Properties();
                            try (InputStream in = file.getInputStream(entry)) {
                                p.load(in);
                            }
                            String g = p.getProperty("groupId");
                            String a = p.getProperty("artifactId");
                            String v = p.getProperty("version");
                            // shaded jars carry the pom.properties of what they embed: trust the one named like the jar
                            if (g != null
                                    && a != null
                                    && v != null
                                    && jar.getFileName().toString().startsWith(a)) {
                                byPomProperties.putIfAbsent("mvn:" + g + "/" + a + "/" + v, jar);
                            }
                        }
                    }
                } catch (IOException e) {
                    // not a readable jar: cannot be a bundle either
                }
            }
        }
        return byPomProperties;
    }
}
