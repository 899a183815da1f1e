package io.sabot.features;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Build step of the distribution: copies exactly the bundles of the boot features (and those they require) into
 * {@code bundle/}, and writes {@code etc/config.properties} from its template plus the framework properties those
 * features need. Run with the bundles on the class path:
 *
 * <pre>
 * java -cp sabot-features.jar:bundles… io.sabot.features.Assemble
 *      --boot etc/features.boot --bundles bundle --config-template config.properties --config-out etc/config.properties
 * </pre>
 */
public final class Assemble {

    private Assemble() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--boot", "--bundles", "--config-template", "--config-out")) {
            if (!options.containsKey(required)) {
                System.err.println(
                        "usage: Assemble --boot FILE --bundles DIR --config-template FILE --config-out FILE");
                System.exit(2);
            }
        }
        try {
            run(
                    Path.of(options.get("--boot")),
                    Path.of(options.get("--bundles")),
                    Path.of(options.get("--config-template")),
                    Path.of(options.get("--config-out")));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("Assemble: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(Path bootFile, Path bundleDir, Path configTemplate, Path configOut) throws IOException {
        List<String> boot = readBootFeatures(bootFile);
        FeatureRepository repository = FeatureRepository.fromClassLoader(Assemble.class.getClassLoader());
        List<Coordinate> bundles = repository.bundles(boot);
        BundleLocator locator = BundleLocator.ofCurrentClassPath();

        List<String> missing = new ArrayList<>();
        Map<Coordinate, Path> jars = new LinkedHashMap<>();
        for (Coordinate bundle : bundles) {
            locator.locate(bundle).ifPresentOrElse(jar -> jars.put(bundle, jar), () -> missing.add(bundle.toString()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Not on the class path (add a dependency to features/pom.xml): " + missing);
        }

        Files.createDirectories(bundleDir);
        Set<String> wanted = new HashSet<>();
        for (Map.Entry<Coordinate, Path> e : jars.entrySet()) {
            String name = e.getKey().fileName();
            wanted.add(name);
            Files.copy(e.getValue(), bundleDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        try (DirectoryStream<Path> existing = Files.newDirectoryStream(bundleDir, "*.jar")) {
            for (Path jar : existing) {
                if (!wanted.contains(jar.getFileName().toString())) {
                    Files.delete(jar);
                }
            }
        }

        String template = Files.readString(configTemplate, StandardCharsets.ISO_8859_1);
        Properties defined = new Properties();
        defined.load(new StringReader(template));
        StringBuilder config = new StringBuilder(template);
        if (!template.endsWith("\n")) {
            config.append('\n');
        }
        Map<String, String> needed = repository.frameworkProperties(boot);
        if (!needed.isEmpty()) {
            config.append("\n# Framework properties the boot features ")
                    .append(boot)
                    .append(" need (from their feature files; generated at build time).\n");
            for (Map.Entry<String, String> e : needed.entrySet()) {
                String value = e.getValue();
                String own = defined.getProperty(e.getKey());
                if (own != null && !own.equals(value)) {
                    if (!FeatureRepository.LIST_PROPERTIES.contains(e.getKey())) {
                        throw new IllegalStateException(configTemplate + " sets " + e.getKey() + "=" + own
                                + " but the boot features need " + value);
                    }
                    value = own + "," + value;
                }
                config.append(e.getKey())
                        .append('=')
                        .append(value.replace("\\", "\\\\"))
                        .append('\n');
            }
        }
        Files.createDirectories(configOut.toAbsolutePath().getParent());
        Files.writeString(configOut, config, StandardCharsets.ISO_8859_1);

        System.out.println("Assemble: features "
                + repository.closure(boot).stream().map(Feature::name).toList() + " -> " + jars.size() + " bundles in "
                + bundleDir);
    }

    static List<String> readBootFeatures(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String text = line.strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                for (String name : text.split("[,\\s]+")) {
                    names.add(name);
                }
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(file + " names no feature");
        }
        return names;
    }
}
