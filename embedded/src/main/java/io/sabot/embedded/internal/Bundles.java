package io.sabot.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/** Installs a home's {@code bundle/} as felix.main's auto-deploy does, and reports what did not start. */
public final class Bundles {

    private Bundles() {}

    /** Bundles installed (and so started) first: the log service, so that its level holds from the first line. */
    private static final String FIRST = "org.ops4j.pax.logging";

    /**
     * Installs every jar of {@code dir} but {@code skip}, and marks each non-fragment to start with the framework.
     * Bundles start in the order they are installed: by file name, as felix.main's auto-deploy does, except that
     * pax-logging comes first (its level, {@code org.ops4j.pax.logging.DefaultServiceLog.level}, is then read from the
     * framework properties before any bundle logs; {@code bin/sabot} sets it as a system property instead). Call
     * between {@code Framework.init()} and {@code start()}.
     */
    public static void installAndMarkStarted(BundleContext context, Path dir, Set<Path> skip) throws BundleException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> !skip.contains(p))
                    .sorted(Comparator.comparing((Path p) -> !symbolicName(p).startsWith(FIRST))
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars) {
            String location = jar.toUri().toString();
            Bundle existing = context.getBundle(location); // a kept bundle cache
            if (existing == null) {
                installed.add(context.installBundle(location));
            } else {
                if (existing.getLastModified() < lastModified(jar)) {
                    existing.update();
                }
                installed.add(existing);
            }
        }
        for (Bundle bundle : installed) {
            if (!isFragment(bundle)) {
                bundle.start(); // the framework is not started yet: this marks the bundle persistently started
            }
        }
    }

    /** Bundles marked to start that are not active, each with the reason (from retrying its start). */
    public static List<String> problems(BundleContext context) {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0
                    || isFragment(bundle)
                    || bundle.getState() == Bundle.ACTIVE
                    || bundle.getState() == Bundle.STARTING) {
                continue;
            }
            BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
            if (startLevel == null || !startLevel.isPersistentlyStarted()) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException | IllegalStateException e) {
                problems.add(bundle.getSymbolicName() + " " + bundle.getVersion() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static long lastModified(Path jar) {
        try {
            return Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String symbolicName(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String bsn = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? "" : bsn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }
}
