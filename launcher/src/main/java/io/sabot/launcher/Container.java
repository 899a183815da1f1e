package io.sabot.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.felix.main.AutoProcessor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Runs one Felix framework for a Sabot home: the lifecycle of {@code org.apache.felix.main.Main} (init, auto-deploy,
 * start, wait, restart on update) plus what a service script needs: a lock so that two JVMs never share
 * {@code data/cache}, a pid file, a ready file once every start level is reached, a non-zero exit code on failure,
 * and a shutdown hook that stops the framework cleanly on SIGTERM or Ctrl-C.
 */
final class Container {

    static final String STOP_TIMEOUT_PROPERTY = "sabot.stop.timeout";
    private static final long DEFAULT_STOP_TIMEOUT_SECONDS = 60;

    private final SabotHome home;
    private final Map<String, String> properties;
    private final PrintStream out;
    private volatile Framework framework;
    private FileChannel lockChannel;
    private FileLock lock;

    Container(SabotHome home, Map<String, String> properties, PrintStream out) {
        this.home = home;
        this.properties = properties;
        this.out = out;
    }

    /** Runs until the framework stops; returns the process exit code. */
    int run() throws LaunchException, IOException {
        Files.createDirectories(home.data());
        acquireLock();
        Files.writeString(home.pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Files.deleteIfExists(home.readyFile());
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "Sabot shutdown"));

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, Container.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new LaunchException("No OSGi FrameworkFactory on the class path (bin/felix.jar)"));
        try {
            Framework fwk = factory.newFramework(properties);
            framework = fwk;
            fwk.init();
            Environments.removeOtherEnvironments(
                    fwk.getBundleContext(),
                    home,
                    properties.get(Environments.ENV),
                    properties.get(Environments.ENV_DIR),
                    out);
            AutoProcessor.process(properties, fwk.getBundleContext());
            FrameworkEvent event;
            do {
                fwk.start();
                report(fwk.getBundleContext());
                event = fwk.waitForStop(0);
                Files.deleteIfExists(home.readyFile());
            } while (event.getType() == FrameworkEvent.STOPPED_UPDATE);
            if (event.getType() == FrameworkEvent.ERROR) {
                out.println("sabot: the framework stopped with an error: " + event.getThrowable());
                return 1;
            }
            return 0;
        } catch (BundleException | RuntimeException e) {
            out.println("sabot: could not start the framework: " + e);
            e.printStackTrace(out);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            Files.deleteIfExists(home.readyFile());
            Files.deleteIfExists(home.pidFile());
        }
    }

    /** Stops the framework as the console's {@code stop 0} does; {@link #run()} then returns. */
    void stop() throws BundleException {
        Framework fwk = framework;
        if (fwk != null) {
            fwk.stop();
        }
    }

    private void acquireLock() throws IOException, LaunchException {
        lockChannel = FileChannel.open(home.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            String pid = "";
            try {
                pid = " (pid " + Files.readString(home.pidFile()).trim() + ")";
            } catch (IOException ignored) {
                // no pid file: the other instance is just starting or stopping
            }
            throw new LaunchException("Another Sabot instance" + pid + " is running on " + home.root()
                    + ": stop it first with 'bin/sabot stop'");
        }
    }

    /** Logs and records which bundles did not start, and why, then writes the ready file. */
    private void report(BundleContext context) throws IOException {
        int active = 0;
        List<String> failed = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0 || isFragment(bundle)) {
                continue;
            }
            if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
                active++;
                continue;
            }
            BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
            if (startLevel == null || !startLevel.isPersistentlyStarted()) {
                continue; // stopped on purpose (console, shell) or installed without start
            }
            String reason = "not started";
            try {
                bundle.start(); // marked for start already: the retry only tells us why it does not start
                active++;
                continue;
            } catch (BundleException | IllegalStateException e) {
                reason = e.getMessage();
            }
            failed.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + bundle.getLocation() + "): "
                    + reason);
        }
        long millis = ProcessHandle.current()
                .info()
                .startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis())
                .orElse(-1L);
        StringBuilder ready = new StringBuilder()
                .append("pid=")
                .append(ProcessHandle.current().pid())
                .append('\n')
                .append("started=")
                .append(Instant.now())
                .append('\n')
                .append("startup.millis=")
                .append(millis)
                .append('\n')
                .append("http.port=")
                .append(properties.getOrDefault(Main.HTTP_PORT_PROPERTY, ""))
                .append('\n')
                .append("bundles.active=")
                .append(active)
                .append('\n')
                .append("bundles.failed=")
                .append(failed.size())
                .append('\n');
        for (int i = 0; i < failed.size(); i++) {
            ready.append("failed.")
                    .append(i + 1)
                    .append('=')
                    .append(failed.get(i))
                    .append('\n');
        }
        out.printf("sabot: framework started in %d ms, %d bundles active%n", millis, active);
        for (String failure : failed) {
            out.println("sabot: NOT STARTED " + failure);
        }
        Path tmp = home.readyFile().resolveSibling(home.readyFile().getFileName() + ".tmp");
        Files.writeString(tmp, ready, StandardCharsets.UTF_8);
        Files.move(tmp, home.readyFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    /** Shutdown hook: SIGTERM, SIGINT or System.exit. */
    private void shutdown() {
        try {
            Files.deleteIfExists(home.readyFile());
        } catch (IOException ignored) {
            // best effort
        }
        Framework fwk = framework;
        if (fwk != null && (fwk.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            long timeout = Long.getLong(STOP_TIMEOUT_PROPERTY, DEFAULT_STOP_TIMEOUT_SECONDS);
            out.println("sabot: stopping the framework");
            try {
                fwk.stop();
                FrameworkEvent event =
                        fwk.waitForStop(Duration.ofSeconds(timeout).toMillis());
                out.println(
                        event.getType() == FrameworkEvent.WAIT_TIMEDOUT
                                ? "sabot: the framework did not stop within " + timeout + " s"
                                : "sabot: stopped");
            } catch (BundleException | InterruptedException | RuntimeException e) {
                out.println("sabot: error while stopping the framework: " + e);
            }
        }
        try {
            Files.deleteIfExists(home.pidFile());
        } catch (IOException ignored) {
            // best effort
        }
        out.flush();
    }
}
