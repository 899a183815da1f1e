package io.sabot.webconsole.internal;

import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.PluginSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs, updates and removes plug-in bundles uploaded through the console. With a hot-deploy directory (a FileInstall
 * watcher that takes jars, {@code deploy/} in the distribution) the jar is written there, so FileInstall installs or
 * updates it, it survives restarts, and deleting the file removes it; without one the bundle is installed directly.
 * A bundle whose symbolic name is already installed is updated, never installed twice.
 */
final class PluginUploads {

    /** The largest jar accepted. */
    static final long MAX_BYTES = 64L << 20;

    /** Location prefix of bundles installed directly (no hot-deploy directory), so they can be removed here. */
    static final String LOCATION_PREFIX = "sabot-console:";

    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private final BundleContext context;
    private final PluginRegistry registry;
    private final Supplier<Optional<Path>> deployDir;
    private final long waitMillis;

    /** A file that is not a plug-in bundle: the message names the file and what is missing. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The identity a jar's manifest declares. */
    record Headers(String symbolicName, Version version, boolean components) {}

    /**
     * What an upload did.
     *
     * @param updated an installed bundle with the same symbolic name was updated
     * @param bundleId the bundle's id, -1 when it did not appear in time
     * @param state the bundle's state when the result was taken
     * @param where the file written into the hot-deploy directory, or the bundle's location
     * @param plugins the plug-ins the bundle contributes
     * @param failures why its plug-ins could not be bound (an unresolved bundle names the missing packages)
     * @param note anything else the administrator should know, or null
     */
    record Result(
            boolean updated,
            Headers headers,
            long bundleId,
            String state,
            String where,
            List<PluginInfo> plugins,
            List<PluginFailure> failures,
            String note) {}

    /** A bundle this page can remove: installed from the hot-deploy directory or uploaded directly. */
    record Removable(long bundleId, String symbolicName, String version, String state, String where) {}

    PluginUploads(BundleContext context, PluginRegistry registry, Supplier<Optional<Path>> deployDir, long waitMillis) {
        this.context = context;
        this.registry = registry;
        this.deployDir = deployDir;
        this.waitMillis = waitMillis;
    }

    /** Reads the identity of a jar, refusing anything that is not a bundle. */
    static Headers headers(String fileName, Path jar) throws Refused, IOException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (ZipException e) {
            throw new Refused(fileName + " is not a jar (not a zip archive): a plug-in bundle is a jar whose"
                    + " META-INF/MANIFEST.MF has a Bundle-SymbolicName header");
        }
        if (manifest == null) {
            throw new Refused(fileName + " has no META-INF/MANIFEST.MF: a plug-in bundle is a jar whose manifest has a"
                    + " Bundle-SymbolicName header");
        }
        String name = manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
        if (name == null || name.isBlank()) {
            throw new Refused(fileName + " is not an OSGi bundle: its META-INF/MANIFEST.MF has no Bundle-SymbolicName"
                    + " header");
        }
        String symbolicName = name.split(";", 2)[0].strip();
        if (!SYMBOLIC_NAME.matcher(symbolicName).matches()) {
            throw new Refused(fileName + ": Bundle-SymbolicName '" + symbolicName
                    + "' is not a symbolic name (letters, digits, '.', '_', '-')");
        }
        String versionText = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
        Version version;
        try {
            version = versionText == null ? Version.emptyVersion : Version.parseVersion(versionText.strip());
        } catch (IllegalArgumentException e) {
            throw new Refused(fileName + ": Bundle-Version '" + versionText + "' is not an OSGi version ("
                    + e.getMessage() + ")");
        }
        boolean components = manifest.getMainAttributes().getValue("Service-Component") != null;
        return new Headers(symbolicName, version, components);
    }

    /**
     * Installs or updates the bundle in {@code jar} (a temporary file this call moves or deletes), then waits (bounded)
     * until the framework and the plug-in registry have taken it in.
     */
    Result upload(String fileName, Path jar) throws Refused, IOException {
        Headers headers;
        try {
            headers = headers(fileName, jar);
        } catch (Refused | IOException e) {
            Files.deleteIfExists(jar);
            throw e;
        }
        long since = System.currentTimeMillis();
        Optional<Path> deploy = deployDir.get();
        Optional<Bundle> existing = installed(headers.symbolicName());
        String where;
        String note = null;
        try {
            Path existingFile = existing.map(b -> file(b.getLocation())).orElse(null);
            if (deploy.isPresent() && (existing.isEmpty() || inside(deploy.get(), existingFile))) {
                Path target =
                        existingFile != null ? existingFile : deploy.get().resolve(headers.symbolicName() + ".jar");
                move(jar, target);
                where = target.toString();
            } else if (existing.isPresent()) {
                Bundle bundle = existing.get();
                try (InputStream in = Files.newInputStream(jar)) {
                    bundle.update(in);
                }
                // as FileInstall does after an update: drop the old revision, rewire what used it
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)
                        .adapt(FrameworkWiring.class)
                        .refreshBundles(List.of(bundle));
                where = bundle.getLocation();
                if (!bundle.getLocation().startsWith(LOCATION_PREFIX) && deploy.isPresent()) {
                    note = "updated in place: it was installed from " + bundle.getLocation() + ", not from "
                            + deploy.get() + ", so whatever installed it may put the old version back on a restart";
                }
                note = start(bundle, note);
            } else {
                Bundle bundle;
                try (InputStream in = Files.newInputStream(jar)) {
                    bundle = context.installBundle(LOCATION_PREFIX + headers.symbolicName(), in);
                }
                where = bundle.getLocation();
                note = start(bundle, "no hot-deploy directory is configured: installed directly");
            }
        } catch (BundleException e) {
            throw new Refused(fileName + " (" + headers.symbolicName() + " " + headers.version()
                    + ") was not installed: " + e.getMessage());
        } finally {
            Files.deleteIfExists(jar);
        }
        return settle(existing.isPresent(), headers, since, where, note);
    }

    private static String start(Bundle bundle, String note) {
        try {
            bundle.start();
            return note;
        } catch (BundleException e) { // typically unresolved: the registry names what is missing
            return (note == null ? "" : note + "; ") + "not started: " + e.getMessage();
        }
    }

    /** Waits until the bundle is in its new state and the registry shows what it contributes or why it cannot. */
    private Result settle(boolean updated, Headers headers, long since, String where, String note) {
        Object changed = new Object();
        BundleListener bundleListener = event -> wake(changed);
        context.addBundleListener(bundleListener);
        try (AutoCloseable registryListener = registry.addListener(snapshot -> wake(changed))) {
            long deadline = System.currentTimeMillis() + waitMillis;
            while (true) {
                Optional<Bundle> bundle = installed(headers.symbolicName())
                        .filter(b -> b.getVersion().equals(headers.version()) && b.getLastModified() >= since);
                PluginSnapshot snapshot = registry.snapshot();
                if (bundle.isPresent()) {
                    Bundle b = bundle.get();
                    List<PluginInfo> plugins = snapshot.plugins().stream()
                            .filter(p -> p.bundleId() == b.getBundleId())
                            .toList();
                    List<PluginFailure> failures = snapshot.failures().stream()
                            .filter(f -> f.bundleId() == b.getBundleId())
                            .toList();
                    boolean settled;
                    if (b.getState() == Bundle.ACTIVE) {
                        // Declarative Services enables a started bundle's components a moment later: until then the
                        // registry calls them disabled, which is no failure yet (one that stays so is reported at the
                        // deadline)
                        boolean transientOnly = !failures.isEmpty()
                                && failures.stream().allMatch(f -> f.reason().endsWith(" is disabled"));
                        settled =
                                !headers.components() || !plugins.isEmpty() || (!failures.isEmpty() && !transientOnly);
                    } else if (b.getState() == Bundle.INSTALLED) {
                        // the watcher installs, then resolves and starts in a later step: an INSTALLED bundle has
                        // failed only if it cannot resolve now
                        settled = !failures.isEmpty() && !resolvable(b);
                    } else {
                        settled = false; // RESOLVED or STARTING: the watcher is starting it
                    }
                    if (settled || System.currentTimeMillis() >= deadline) {
                        String late = settled
                                ? note
                                : join(
                                        note,
                                        "still " + state(b) + " after " + waitMillis / 1000
                                                + " s with no plug-in registered: reload this page later");
                        return new Result(updated, headers, b.getBundleId(), state(b), where, plugins, failures, late);
                    }
                } else if (System.currentTimeMillis() >= deadline) {
                    return new Result(
                            updated,
                            headers,
                            -1,
                            "not installed yet",
                            where,
                            List.of(),
                            List.of(),
                            join(
                                    note,
                                    "the hot-deploy watcher had not " + (updated ? "updated" : "installed")
                                            + " it after " + waitMillis / 1000 + " s: reload this page later"));
                }
                synchronized (changed) {
                    changed.wait(200); // woken by the listeners; the timeout only bounds a missed event
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(updated, headers, -1, "unknown", where, List.of(), List.of(), join(note, "interrupted"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.removeBundleListener(bundleListener);
        }
    }

    private boolean resolvable(Bundle bundle) {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)
                .adapt(FrameworkWiring.class)
                .resolveBundles(List.of(bundle));
    }

    private static void wake(Object monitor) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Bundles this page may remove, by symbolic name. */
    List<Removable> removable() {
        Optional<Path> deploy = deployDir.get();
        List<Removable> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Path file = file(b.getLocation());
            boolean deployed = deploy.isPresent() && inside(deploy.get(), file);
            if (deployed || b.getLocation().startsWith(LOCATION_PREFIX)) {
                out.add(new Removable(
                        b.getBundleId(),
                        String.valueOf(b.getSymbolicName()),
                        b.getVersion().toString(),
                        state(b),
                        deployed ? file.toString() : b.getLocation()));
            }
        }
        out.sort(Comparator.comparing(Removable::symbolicName));
        return out;
    }

    /**
     * Removes an uploaded or hot-deployed bundle: deletes its file from the hot-deploy directory (the watcher
     * uninstalls it) or uninstalls it; waits (bounded) until it is gone.
     */
    String remove(long bundleId) throws IOException, BundleException {
        Removable target = removable().stream()
                .filter(r -> r.bundleId() == bundleId)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException(
                                "bundle " + bundleId
                                        + " is not a bundle of the hot-deploy directory or an upload: remove it from the Bundles page"));
        Bundle bundle = context.getBundle(bundleId);
        String what = target.symbolicName() + " " + target.version();
        if (target.where().startsWith(LOCATION_PREFIX)) {
            bundle.uninstall();
            return "Removed " + what + " (uninstalled)";
        }
        Files.deleteIfExists(Path.of(target.where()));
        Object changed = new Object();
        BundleListener listener = event -> {
            if (event.getType() == BundleEvent.UNINSTALLED) {
                wake(changed);
            }
        };
        context.addBundleListener(listener);
        try {
            long deadline = System.currentTimeMillis() + waitMillis;
            while (context.getBundle(bundleId) != null && System.currentTimeMillis() < deadline) {
                synchronized (changed) {
                    changed.wait(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            context.removeBundleListener(listener);
        }
        return context.getBundle(bundleId) == null
                ? "Removed " + what + " (deleted " + target.where() + ")"
                : "Deleted " + target.where() + "; the hot-deploy watcher has not uninstalled " + what
                        + " yet: reload this page later";
    }

    private Optional<Bundle> installed(String symbolicName) {
        Bundle found = null;
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && (found == null || b.getBundleId() > found.getBundleId())) {
                found = b;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Moves the upload into place at once where the file system can, so the watcher never sees half a jar. */
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path temp = to.resolveSibling(to.getFileName() + ".part");
            Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The file a {@code file:} bundle location names, or null. */
    static Path file(String location) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean inside(Path dir, Path file) {
        return file != null && dir.toAbsolutePath().normalize().equals(file.getParent());
    }

    static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static String join(String note, String more) {
        return note == null ? more : note + "; " + more;
    }
}
