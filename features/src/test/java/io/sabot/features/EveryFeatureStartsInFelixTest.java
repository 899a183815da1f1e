package io.sabot.features;

import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Guards that each feature, with the features it requires, resolves and starts in a real Felix: installs its bundles
 * from the test class path into a fresh framework, starts them, and fails listing every bundle that does not start,
 * with the framework's reason, and every Declarative Services component that fails to activate, with SCR's.
 */
@RunWith(Parameterized.class)
public class EveryFeatureStartsInFelixTest {

    /** {@code ComponentConfigurationDTO.FAILED_ACTIVATION} (DS 1.4). */
    private static final int FAILED_ACTIVATION = 16;

    @Parameters(name = "{0}")
    public static Collection<Object[]> features() throws IOException {
        List<Object[]> names = new ArrayList<>();
        for (Feature feature : repository().all()) {
            names.add(new Object[] {feature.name()});
        }
        return names;
    }

    private static FeatureRepository repository() throws IOException {
        return FeatureRepository.fromClassLoader(EveryFeatureStartsInFelixTest.class.getClassLoader());
    }

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final String feature;

    public EveryFeatureStartsInFelixTest(String feature) {
        this.feature = feature;
    }

    @Test
    public void resolvesAndStarts() throws Exception {
        FeatureRepository repository = repository();
        List<Coordinate> bundles = repository.bundles(List.of(feature));
        BundleLocator locator = BundleLocator.ofCurrentClassPath();
        List<String> missing = new ArrayList<>();
        List<Path> jars = new ArrayList<>();
        for (Coordinate c : bundles) {
            locator.locate(c).ifPresentOrElse(jars::add, () -> missing.add(c.toString()));
        }
        if (!missing.isEmpty()) {
            fail("Feature '" + feature + "': not on the test class path (add a dependency to features/pom.xml; reactor"
                    + " bundles must be packaged, so run at least 'verify'): " + missing);
        }

        Path deploy = Files.createDirectories(tmp.getRoot().toPath().resolve("deploy"));
        Map<String, String> properties = new HashMap<>(repository.frameworkProperties(List.of(feature)));
        properties.put(
                Constants.FRAMEWORK_STORAGE,
                tmp.getRoot().toPath().resolve("cache").toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("gosh.args", "--nointeractive");
        properties.put("felix.fileinstall.dir", deploy.toString());
        properties.put("org.apache.felix.http.host", "127.0.0.1");
        properties.put("org.osgi.service.http.port", Integer.toString(freePort()));

        FrameworkFactory factory =
                ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        Framework framework = factory.newFramework(properties);
        List<String> errors = new CopyOnWriteArrayList<>();
        framework.init();
        try {
            BundleContext context = framework.getBundleContext();
            context.addFrameworkListener(event -> {
                if (event.getType() == FrameworkEvent.ERROR) {
                    errors.add(event.getBundle().getSymbolicName() + ": " + event.getThrowable());
                }
            });
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                try {
                    Bundle bundle = context.installBundle(jar.toUri().toString());
                    installed.add(bundle);
                    if (bundle.getSymbolicName() == null) {
                        // a plain jar installs and "starts", but registers nothing: a module without bnd.bnd
                        errors.add(jar.getFileName() + " is not an OSGi bundle (no Bundle-SymbolicName)");
                    }
                } catch (BundleException e) {
                    errors.add(jar.getFileName() + " does not install: " + e.getMessage());
                }
            }
            framework.start();
            for (Bundle bundle : installed) {
                BundleRevision revision = bundle.adapt(BundleRevision.class);
                if (revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0) {
                    continue;
                }
                try {
                    bundle.start();
                    if (bundle.getState() != Bundle.ACTIVE && bundle.getState() != Bundle.STARTING) {
                        errors.add(bundle.getSymbolicName() + " " + bundle.getVersion() + ": not active after start");
                    }
                } catch (BundleException e) {
                    errors.add(bundle.getSymbolicName() + " " + bundle.getVersion() + ": " + e.getMessage());
                }
            }
            errors.addAll(failedComponents(context));
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
        }
        if (!errors.isEmpty()) {
            fail("Feature '" + feature + "' (" + jars.size() + " bundles) does not start in Felix:\n  "
                    + String.join("\n  ", errors));
        }
    }

    /**
     * Declarative Services components that failed to activate, with SCR's reason, once their states settle. Read
     * through reflection: the DTO classes on the test class path are not the framework's.
     */
    private static List<String> failedComponents(BundleContext context) throws Exception {
        // getAll…: the system bundle would otherwise hide a service whose class differs from its class path's
        ServiceReference<?>[] refs =
                context.getAllServiceReferences("org.osgi.service.component.runtime.ServiceComponentRuntime", null);
        if (refs == null) {
            return List.of();
        }
        ServiceReference<?> ref = refs[0];
        Object scr = context.getService(ref);
        try {
            String previous = "";
            long stableSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> failed = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                failed.clear();
                StringBuilder snapshot = new StringBuilder();
                Method descriptions = scr.getClass().getMethod("getComponentDescriptionDTOs", Bundle[].class);
                descriptions.setAccessible(true);
                for (Object description : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                    Method configurations =
                            scr.getClass().getMethod("getComponentConfigurationDTOs", description.getClass());
                    configurations.setAccessible(true);
                    String name =
                            (String) description.getClass().getField("name").get(description);
                    for (Object configuration : (Collection<?>) configurations.invoke(scr, description)) {
                        int state = configuration.getClass().getField("state").getInt(configuration);
                        snapshot.append(name).append('=').append(state).append(';');
                        if (state == FAILED_ACTIVATION) {
                            Object failure =
                                    configuration.getClass().getField("failure").get(configuration);
                            failed.add("component " + name + " failed to activate: " + failure);
                        }
                    }
                }
                if (!snapshot.toString().equals(previous)) {
                    previous = snapshot.toString();
                    stableSince = System.nanoTime();
                } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                    break;
                }
                Thread.sleep(50);
            }
            return failed;
        } finally {
            context.ungetService(ref);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
