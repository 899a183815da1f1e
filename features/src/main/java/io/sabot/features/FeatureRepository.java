package io.sabot.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** All known features, and the bundles and framework properties of a set of them with what they require. */
public final class FeatureRepository {

    /** Where feature files live, in the features jar and in {@code target/classes}. */
    public static final String RESOURCE_DIR = "features";

    static final String SUFFIX = ".feature";

    /** Framework properties whose values several features may extend: their values are joined with commas. */
    static final Set<String> LIST_PROPERTIES =
            Set.of("org.osgi.framework.system.packages.extra", "org.osgi.framework.bootdelegation");

    private final Map<String, Feature> features;

    public FeatureRepository(Collection<Feature> features) {
        Map<String, Feature> byName = new TreeMap<>();
        for (Feature feature : features) {
            if (byName.put(feature.name(), feature) != null) {
                throw new IllegalArgumentException("Feature '" + feature.name() + "' is defined twice");
            }
        }
        this.features = byName;
    }

    /** Reads every {@code *.feature} file of a directory. */
    public static FeatureRepository load(Path directory) throws IOException {
        List<Feature> features = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>)
                    files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                            .sorted()::iterator) {
                try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    features.add(Feature.parse(nameOf(file.getFileName().toString()), file.toString(), reader));
                }
            }
        }
        return new FeatureRepository(features);
    }

    /** Reads every {@code features/*.feature} resource visible to a class loader (directories and jars). */
    public static FeatureRepository fromClassLoader(ClassLoader loader) throws IOException {
        List<Feature> features = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Enumeration<URL> roots = loader.getResources(RESOURCE_DIR);
        while (roots.hasMoreElements()) {
            URL root = roots.nextElement();
            switch (root.getProtocol()) {
                case "file" -> {
                    try {
                        for (Feature f : load(Path.of(root.toURI())).all()) {
                            if (seen.add(f.name())) {
                                features.add(f);
                            }
                        }
                    } catch (URISyntaxException e) {
                        throw new IOException("Bad resource URL " + root, e);
                    }
                }
                case "jar" -> {
                    String spec = root.getPath(); // file:/…/x.jar!/features
                    Path jar;
                    try {
                        jar = Path.of(new URL(spec.substring(0, spec.indexOf("!/"))).toURI());
                    } catch (URISyntaxException e) {
                        throw new IOException("Bad resource URL " + root, e);
                    }
                    try (JarFile file = new JarFile(jar.toFile())) {
                        for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                            String name = entry.getName();
                            if (name.startsWith(RESOURCE_DIR + "/")
                                    && name.endsWith(SUFFIX)
                                    && name.indexOf('/', RESOURCE_DIR.length() + 1) < 0) {
                                String featureName = nameOf(name.substring(RESOURCE_DIR.length() + 1));
                                if (seen.add(featureName)) {
                                    try (InputStream in = file.getInputStream(entry)) {
                                        features.add(Feature.parse(
                                                featureName,
                                                jar + "!/" + name,
                                                new InputStreamReader(in, StandardCharsets.UTF_8)));
                                    }
                                }
                            }
                        }
                    }
                }
                default -> throw new IOException("Cannot list features in " + root);
            }
        }
        if (features.isEmpty()) {
            throw new IOException("No " + RESOURCE_DIR + "/*" + SUFFIX + " resources on the class path");
        }
        return new FeatureRepository(features);
    }

    private static String nameOf(String fileName) {
        return fileName.substring(0, fileName.length() - SUFFIX.length());
    }

    public Collection<Feature> all() {
        return features.values();
    }

    public Feature get(String name) {
        Feature feature = features.get(name);
        if (feature == null) {
            throw new IllegalArgumentException("Unknown feature '" + name + "'; known: " + features.keySet());
        }
        return feature;
    }

    /** The named features and everything they require, each required feature before the ones requiring it. */
    public List<Feature> closure(Collection<String> names) {
        LinkedHashMap<String, Feature> ordered = new LinkedHashMap<>();
        for (String name : names) {
            visit(name, ordered, new LinkedHashSet<>());
        }
        return List.copyOf(ordered.values());
    }

    private void visit(String name, Map<String, Feature> ordered, LinkedHashSet<String> path) {
        if (ordered.containsKey(name)) {
            return;
        }
        if (!path.add(name)) {
            throw new IllegalArgumentException(
                    "Features require each other in a cycle: " + String.join(" -> ", path) + " -> " + name);
        }
        Feature feature = get(name);
        for (String required : feature.requires()) {
            visit(required, ordered, path);
        }
        path.remove(name);
        ordered.put(name, feature);
    }

    /** The bundles of the named features and those they require, in order, each once. */
    public List<Coordinate> bundles(Collection<String> names) {
        Map<String, Coordinate> byKey = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        for (Feature feature : closure(names)) {
            for (Coordinate bundle : feature.bundles()) {
                Coordinate previous = byKey.putIfAbsent(bundle.key(), bundle);
                if (previous == null) {
                    origin.put(bundle.key(), feature.name());
                } else if (!previous.equals(bundle)) {
                    throw new IllegalArgumentException("Feature '" + feature.name() + "' wants " + bundle
                            + " but feature '" + origin.get(bundle.key()) + "' wants " + previous);
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    /** The framework properties the named features (and those they require) need. */
    public Map<String, String> frameworkProperties(Collection<String> names) {
        Map<String, String> merged = new TreeMap<>();
        for (Feature feature : closure(names)) {
            feature.frameworkProperties()
                    .forEach((key, value) -> merged.merge(key, value, (a, b) -> {
                        if (a.equals(b)) {
                            return a;
                        }
                        if (LIST_PROPERTIES.contains(key)) {
                            Set<String> items = new LinkedHashSet<>();
                            for (String s : (a + "," + b).split(",")) {
                                if (!s.isBlank()) {
                                    items.add(s.strip());
                                }
                            }
                            return String.join(",", items);
                        }
                        throw new IllegalArgumentException("Features disagree on framework property " + key + ": '" + a
                                + "' and '" + b + "' (from " + feature.name() + ")");
                    }));
        }
        return merged;
    }
}
