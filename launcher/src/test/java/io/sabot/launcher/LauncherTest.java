package io.sabot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LauncherTest {

    private static final List<String> TOUCHED = List.of(
            "sabot.home",
            Main.HTTP_PORT_PROPERTY,
            Main.GOSH_ARGS,
            org.apache.felix.main.Main.CONFIG_PROPERTIES_PROP,
            org.apache.felix.main.Main.SYSTEM_PROPERTIES_PROP,
            "sabot.test.default",
            "sabot.test.cli");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Properties saved;
    private SabotHome home;
    private final WebConsoleCredentials.Credentials credentials =
            new WebConsoleCredentials.Credentials("admin", "{sha-256}x-1000-y", Optional.empty());

    @Before
    public void home() throws Exception {
        saved = (Properties) System.getProperties().clone();
        TOUCHED.forEach(System::clearProperty);
        home = new SabotHome(tmp.getRoot().toPath());
        Files.createDirectories(home.etc());
        Files.createDirectories(home.root().resolve("bundle"));
        Files.writeString(
                home.configProperties(),
                "org.osgi.framework.storage=${sabot.home}/data/cache\n"
                        + "org.osgi.framework.storage.clean=none\n"
                        + "felix.auto.deploy.dir=${sabot.home}/bundle\n"
                        + "felix.auto.deploy.action=install,start\n"
                        + "org.osgi.service.http.port=${sabot.http.port}\n");
    }

    @After
    public void restore() {
        System.setProperties(saved);
    }

    @Test
    public void configPropertiesAreSubstitutedAndPortDefaultsTo8080() throws Exception {
        Map<String, String> p = Main.frameworkProperties(home, false, credentials);
        assertEquals(home.root() + "/data/cache", p.get("org.osgi.framework.storage"));
        assertEquals("8080", p.get("org.osgi.service.http.port"));
        assertEquals(home.root().toString(), p.get("sabot.home"));
    }

    @Test
    public void portComesFromTheSystemProperty() throws Exception {
        System.setProperty(Main.HTTP_PORT_PROPERTY, "18081");
        assertEquals("18081", Main.frameworkProperties(home, false, credentials).get("org.osgi.service.http.port"));
        System.setProperty(Main.HTTP_PORT_PROPERTY, "http");
        try {
            Main.frameworkProperties(home, false, credentials);
            fail("a bad port must be refused");
        } catch (LaunchException expected) {
            assertTrue(expected.getMessage().contains("not a TCP port"));
        }
    }

    @Test
    public void webConsoleCredentialsAreFrameworkProperties() throws Exception {
        Map<String, String> p = Main.frameworkProperties(home, false, credentials);
        assertEquals("admin", p.get("felix.webconsole.username"));
        assertEquals("{sha-256}x-1000-y", p.get("felix.webconsole.password"));
    }

    @Test
    public void goshIsHeadlessUnlessTheConsoleRuns() throws Exception {
        assertEquals(
                "--nointeractive",
                Main.frameworkProperties(home, false, credentials).get("gosh.args"));
        assertNull(Main.frameworkProperties(home, true, credentials).get("gosh.args"));
    }

    @Test
    public void systemPropertiesFileGivesDefaultsTheCommandLineOverrides() throws Exception {
        Files.writeString(home.systemProperties(), "sabot.test.default=${sabot.home}/x\nsabot.test.cli=file\n");
        System.setProperty("sabot.test.cli", "command line");
        Main.frameworkProperties(home, false, credentials);
        assertEquals(home.root() + "/x", System.getProperty("sabot.test.default"));
        assertEquals("command line", System.getProperty("sabot.test.cli"));
    }

    @Test
    public void missingConfigurationIsAClearError() throws Exception {
        Files.delete(home.configProperties());
        try {
            Main.frameworkProperties(home, false, credentials);
            fail();
        } catch (LaunchException expected) {
            assertTrue(expected.getMessage().contains("config.properties"));
        }
    }

    @Test
    public void containerWritesReadyAndPidFilesAndLocksItsHome() throws Exception {
        System.setProperty(Main.HTTP_PORT_PROPERTY, "18082");
        Map<String, String> p = Main.frameworkProperties(home, false, credentials);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Container container = new Container(home, p, new PrintStream(log, true, StandardCharsets.UTF_8));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = executor.submit(container::run);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(home.readyFile())) {
                assertFalse("container exited: " + log, exit.isDone());
                assertTrue("no ready file after 30 s", System.nanoTime() < deadline);
                Thread.sleep(20);
            }
            String pid = Long.toString(ProcessHandle.current().pid());
            assertEquals(pid, Files.readString(home.pidFile()).trim());
            Properties ready = new Properties();
            ready.load(Files.newBufferedReader(home.readyFile()));
            assertEquals(pid, ready.getProperty("pid"));
            assertEquals("18082", ready.getProperty("http.port"));
            assertEquals("0", ready.getProperty("bundles.failed"));

            try {
                new Container(home, p, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                        .run();
                fail("a second container on the same home must be refused");
            } catch (LaunchException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("Another Sabot instance"));
            }

            container.stop();
            assertEquals(Integer.valueOf(0), exit.get(30, TimeUnit.SECONDS));
            assertFalse(Files.exists(home.readyFile()));
            assertFalse(Files.exists(home.pidFile()));
            assertTrue(Files.isDirectory(home.data().resolve("cache")));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    public void homeDefaultsToTheSystemProperty() {
        System.setProperty("sabot.home", tmp.getRoot().toString());
        assertEquals(
                tmp.getRoot().toPath().toAbsolutePath(), SabotHome.resolve().root());
    }
}
