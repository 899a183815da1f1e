package io.sabot.runtime.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.JobDetails;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.sql.SqlException;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@link JobRegistry#submit} runs a script as container jobs: every INSERT starts (with job ids unique across the
 * container's executors), a bad statement or a SELECT starts nothing and names line and column, and {@link
 * JobRegistry#details} describes a job.
 */
public class SubmitScriptTest {

    static final String SCRIPT = "CREATE TABLE gen (id BIGINT, name STRING) WITH ('connector' = 'datagen',\n"
            + "  'rows-per-second' = '2000');\n"
            + "CREATE TABLE sink (id BIGINT, name STRING) WITH ('connector' = 'blackhole');\n"
            + "INSERT INTO sink SELECT id, name FROM gen WHERE id IS NOT NULL;\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ConnectorResolver resolver = ConnectorResolver.of(List.of(
            new DatagenSourceFactory(),
            new BlackholeSinkFactory(),
            // the container has the core feature's default state backend
            new io.sabot.state.memory.internal.MemoryStateBackendFactory()));
    private final JobRegistry registry = new JobRegistryService();

    @Before
    public void container() {
        System.setProperty("sabot.home", tmp.getRoot().toString());
        Executors.containerStarted(resolver);
    }

    @After
    public void stop() {
        Executors.containerStopped(resolver);
        System.clearProperty("sabot.home");
    }

    @Test
    public void startsEveryInsertWithIdsUniqueInTheContainer() throws Exception {
        List<JobInfo> first = registry.submit(SCRIPT, "gen-to-sink", Map.of("parallelism.default", "1"));
        List<JobInfo> second =
                registry.submit(SCRIPT + SCRIPT.lines().skip(3).findFirst().orElseThrow(), null, Map.of());
        try {
            assertEquals(1, first.size());
            assertEquals(2, second.size());
            assertEquals(JobInfo.State.RUNNING, first.get(0).state());
            String a = first.get(0).id().split(" ")[0];
            String b = second.get(0).id().split(" ")[0];
            String c = second.get(1).id().split(" ")[0];
            assertNotEquals(a, b);
            assertNotEquals(b, c);

            JobDetails details = registry.details(a).orElseThrow();
            assertEquals(first.get(0).id(), details.info().id());
            assertEquals("gen-to-sink", details.pipelineName().orElseThrow());
            assertTrue(details.plan(), details.plan().contains("default.sink"));
            assertEquals("sabot.default.gen-to-sink", details.metricsPrefix().orElseThrow());
            assertEquals(
                    a, registry.details("gen-to-sink").orElseThrow().info().id().split(" ")[0]);
            assertTrue(registry.details("job-999999").isEmpty());

            long deadline = System.nanoTime() + 60_000_000_000L;
            while (registry.details(a).orElseThrow().info().rowsIn() == 0) {
                assertTrue("no rows read within 60 s", System.nanoTime() < deadline);
                Thread.sleep(20);
            }
        } finally {
            for (JobInfo job : List.of(first.get(0), second.get(0), second.get(1))) {
                registry.cancel(job.id());
            }
        }
        for (JobInfo job : List.of(first.get(0), second.get(0), second.get(1))) {
            awaitEnd(job.id());
            assertEquals(
                    JobInfo.State.CANCELED, registry.job(job.id()).orElseThrow().state());
        }
    }

    @Test
    public void aNameIsSuffixedForTheSecondInsert() {
        List<JobInfo> jobs =
                registry.submit(SCRIPT + "INSERT INTO sink SELECT id, name FROM gen;\n", "twice", Map.of());
        try {
            assertEquals(
                    "twice",
                    registry.details(jobs.get(0).id())
                            .orElseThrow()
                            .pipelineName()
                            .orElseThrow());
            assertEquals(
                    "twice-2",
                    registry.details(jobs.get(1).id())
                            .orElseThrow()
                            .pipelineName()
                            .orElseThrow());
        } finally {
            jobs.forEach(j -> registry.cancel(j.id()));
        }
    }

    @Test
    public void aBadStatementStartsNothingAndNamesLineAndColumn() {
        int before = registry.jobs().size();
        try {
            registry.submit(SCRIPT + "INSERT INTO sink\nSELECT id, nme FROM gen;\n", null, Map.of());
            fail("accepted a script with an unknown column");
        } catch (SqlException e) {
            assertEquals(6, e.line());
            assertTrue(e.getMessage(), e.getMessage().contains("nme"));
            assertTrue(e.column() > 0);
        }
        assertEquals(
                "the first INSERT must not have started",
                before,
                registry.jobs().size());
    }

    @Test
    public void aSelectIsRefusedWithItsPosition() {
        int before = registry.jobs().size();
        try {
            registry.submit(SCRIPT + "  SELECT * FROM gen;\n", null, Map.of());
            fail("accepted a SELECT");
        } catch (SqlException e) {
            assertEquals(5, e.line());
            assertEquals(3, e.column());
            assertTrue(e.getMessage(), e.getMessage().contains("SELECT"));
        }
        assertEquals(before, registry.jobs().size());
    }

    @Test
    public void aScriptWithoutInsertIsRefused() {
        try {
            registry.submit(SCRIPT.lines().limit(3).reduce("", (x, y) -> x + y + "\n"), null, Map.of());
            fail("accepted a script without INSERT");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no INSERT INTO"));
        }
    }

    @Test
    public void theShellSubmitsAFileAndCancelsByShortId() throws Exception {
        java.nio.file.Path file = tmp.newFile("job.sql").toPath();
        java.nio.file.Files.writeString(file, SCRIPT);
        io.sabot.runtime.internal.JobCommands shell = new io.sabot.runtime.internal.JobCommands(registry);
        String submitted = shell.submit(file.toString(), "from-shell");
        assertTrue(submitted, submitted.matches("Submitted (job-\\d+) \\(INSERT INTO sink.*\\): RUNNING\n"));
        String id = submitted.substring("Submitted ".length(), submitted.indexOf(' ', "Submitted ".length()));
        assertEquals(
                "from-shell", registry.details(id).orElseThrow().pipelineName().orElseThrow());
        String cancelled = shell.cancel(id);
        assertTrue(cancelled, cancelled.startsWith("Cancelled " + id + " (INSERT INTO sink"));
        awaitEnd(registry.details(id).orElseThrow().info().id());
        assertEquals("No running job " + id + ".\n", shell.cancel(id));
    }

    private void awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (registry.job(id).orElseThrow().state() == JobInfo.State.RUNNING) {
            assertTrue(id + " did not end within 60 s of its cancellation", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }
}
