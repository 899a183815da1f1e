package io.sabot.runtime.internal.exec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.runtime.internal.tenant.TenantConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Tenants through the Java API, with the real datagen and blackhole connectors: a tenant sees only its own jobs,
 * quotas refuse the N+1th job naming tenant, quota and value and change live, the connector allow-list names table and
 * connector, memory over the tenant's Arrow limit fails the job saying so, state goes under tenants/<id>, an unknown
 * tenant and an invalid configuration value are refused by name.
 */
public class TenantsTest {

    static final String SCRIPT = "CREATE TABLE gen (id BIGINT, name STRING) WITH ('connector' = 'datagen',\n"
            + "  'rows-per-second' = '500');\n"
            + "CREATE TABLE sink (id BIGINT, name STRING) WITH ('connector' = 'blackhole');\n"
            + "INSERT INTO sink SELECT id, name FROM gen;\n";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ConnectorResolver resolver = ConnectorResolver.of(List.of(
            new DatagenSourceFactory(),
            new BlackholeSinkFactory(),
            // the container has the core feature's default state backend
            new io.sabot.state.memory.internal.MemoryStateBackendFactory()));
    private final JobRegistry admin = new JobRegistryService();
    private final List<TenantConfiguration> tenants = new ArrayList<>();
    private final List<String> started = new ArrayList<>();

    @Before
    public void container() {
        System.setProperty("sabot.home", tmp.getRoot().toString());
        Executors.containerStarted(resolver);
    }

    @After
    public void stop() throws Exception {
        for (String job : started) {
            admin.cancel(job);
        }
        tenants.forEach(TenantConfiguration::deactivate);
        Executors.containerStopped(resolver);
        System.clearProperty("sabot.home");
    }

    private TenantConfiguration tenant(String id, Object... properties) {
        Map<String, Object> config = new HashMap<>();
        config.put("service.pid", "io.sabot.tenant~" + id);
        config.put("id", id);
        for (int i = 0; i < properties.length; i += 2) {
            config.put((String) properties[i], properties[i + 1]);
        }
        TenantConfiguration tenant = new TenantConfiguration(config);
        tenants.add(tenant);
        return tenant;
    }

    private String submit(JobRegistry registry, String name) {
        String id = registry.submit(SCRIPT, name, Map.of()).get(0).id();
        started.add(id);
        return id;
    }

    @Test
    public void maxJobsRefusesTheNextJobNamingTenantQuotaAndRunningJobsAndChangesLive() {
        TenantConfiguration acme = tenant("acme", "max.jobs", 2);
        JobRegistry jobs = admin.forTenant("acme");
        String first = submit(jobs, "a1").split(" ")[0];
        String second = submit(jobs, "a2").split(" ")[0];
        try {
            submit(jobs, "a3");
            fail("a third job ran beyond max.jobs = 2");
        } catch (IllegalArgumentException e) {
            assertEquals("tenant acme: max.jobs = 2 reached (running: " + first + ", " + second + ")", e.getMessage());
        }
        // another tenant's jobs do not count against acme, nor acme's against it
        tenant("other", "max.jobs", 1);
        submit(admin.forTenant("other"), "o1");

        acme.modified(Map.of("service.pid", "io.sabot.tenant~acme", "id", "acme", "max.jobs", "3"));
        submit(jobs, "a3");
        assertEquals(3, jobs.jobs().size());
    }

    @Test
    public void aTenantSeesAndTouchesOnlyItsOwnJobsAndTheAdminSeesAll() {
        tenant("acme");
        tenant("beta");
        String acmeJob = submit(admin.forTenant("acme"), "acme-hourly");
        String betaJob = submit(admin.forTenant("beta"), "beta-hourly");
        JobRegistry beta = admin.forTenant("beta");

        assertEquals(List.of(betaJob), beta.jobs().stream().map(JobInfo::id).toList());
        String acmeShort = acmeJob.split(" ")[0];
        assertTrue(beta.details(acmeShort).isEmpty());
        assertTrue(beta.details("acme-hourly").isEmpty());
        assertTrue(beta.job(acmeJob).isEmpty());
        assertFalse("beta cancelled acme's job", beta.cancel(acmeJob));
        try {
            beta.savepoint(acmeShort, null);
            fail("beta took a savepoint of acme's job");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("no job '" + acmeShort + "' in tenant beta"));
            assertFalse(
                    "the refusal lists acme's job: " + e.getMessage(),
                    e.getMessage().contains("acme"));
        }
        try {
            beta.forTenant("acme");
            fail("beta acted for acme");
        } catch (IllegalArgumentException e) {
            assertEquals("tenant beta cannot act for tenant 'acme'", e.getMessage());
        }
        assertEquals(JobInfo.State.RUNNING, admin.job(acmeJob).orElseThrow().state());

        // the administrator sees both, and which tenant each belongs to
        List<String> all = admin.jobs().stream().map(JobInfo::id).toList();
        assertTrue(all.toString(), all.contains(acmeJob) && all.contains(betaJob));
        assertEquals("acme", admin.tenantOf(acmeShort).orElseThrow());
        assertEquals(
                "sabot.acme.acme-hourly",
                admin.details(acmeShort).orElseThrow().metricsPrefix().orElseThrow());
        assertTrue(admin.forTenant("acme").cancel(acmeJob));
    }

    @Test
    public void unknownTenantsAndInvalidValuesAreRefusedByName() {
        try {
            StreamingSqlExecutor.builder()
                    .plugins(List.of(new DatagenSourceFactory()))
                    .tenant("nobody")
                    .build();
            fail("an unknown tenant got an executor");
        } catch (IllegalArgumentException e) {
            assertEquals("no tenant 'nobody' (no tenant is configured)", e.getMessage());
        }
        TenantConfiguration acme = tenant("acme", "max.jobs", "2");
        acme.modified(Map.of("service.pid", "x", "id", "acme", "max.jobs", "two", "max.parallelism", -1));
        String error = acme.tenant().error();
        assertTrue(error, error.contains("max.jobs = 'two' is not a whole number"));
        assertTrue(error, error.contains("max.parallelism = -1 must be between 0 (unlimited) and"));
        assertEquals("the previous values stay", 2, acme.tenant().quotas().maxJobs());

        TenantConfiguration bad = tenant("bad", "max.memory.bytes", "lots");
        try {
            admin.forTenant("bad").submit(SCRIPT, null, Map.of());
            fail("a tenant with an invalid configuration ran a job");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("tenant bad runs no jobs"));
            assertTrue(e.getMessage(), e.getMessage().contains("max.memory.bytes = 'lots' is not a whole number"));
        }
        assertFalse(bad.tenant().usable());
    }

    @Test
    public void checkNamesWhatTheConfigurationWouldRejectBeforeItIsWritten() {
        io.sabot.runtime.Tenants service = new io.sabot.runtime.internal.tenant.TenantsService();
        Map<String, Object> bad = Map.of("id", "gamma", "max.jobs", -1, "allowed.paths", new String[] {"rel/dir"});
        String problem = service.check(bad).orElseThrow();
        assertTrue(problem, problem.startsWith("io.sabot.tenant 'gamma': "));
        assertTrue(problem, problem.contains("max.jobs = -1 must be between 0 (unlimited) and 2147483647"));
        assertTrue(problem, problem.contains("allowed.paths: 'rel/dir' is not an absolute path"));
        // the same words as a configuration rejected by the runtime
        TenantConfiguration gamma = tenant("gamma");
        gamma.modified(Map.of("id", "gamma", "max.jobs", -1, "allowed.paths", new String[] {"rel/dir"}));
        assertEquals(gamma.tenant().error(), problem);
        assertEquals(
                "io.sabot.tenant: id = 'Bad Id' must be 1 to 63 lower-case letters, digits, '-' or '_', starting with"
                        + " a letter or digit",
                service.check(Map.of("id", "Bad Id")).orElseThrow());
        assertTrue(service.check(Map.of("id", "gamma", "max.jobs", "3", "allowed.paths", "/data/gamma"))
                .isEmpty());
        assertEquals(
                List.of("/data/gamma"),
                service.tenant("gamma")
                        .map(t -> {
                            gamma.modified(Map.of("id", "gamma", "allowed.paths", "/data/gamma/../gamma"));
                            return service.tenant("gamma").orElseThrow().allowedPaths();
                        })
                        .orElseThrow());
    }

    @Test
    public void theConnectorAllowListNamesTableAndConnector() {
        tenant("acme", "allowed.connectors", new String[] {"datagen"});
        int before = admin.forTenant("acme").jobs().size(); // ended jobs of other tests' acme stay listed
        try {
            admin.forTenant("acme").submit(SCRIPT, null, Map.of());
            fail("acme used blackhole");
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            assertTrue(message, message.contains("CREATE TABLE 'sink'"));
            assertTrue(message, message.contains("connector 'blackhole'"));
            assertTrue(message, message.contains("tenant acme may use (allowed.connectors: datagen)"));
        }
        assertEquals("nothing started", before, admin.forTenant("acme").jobs().size());
    }

    @Test
    public void maxParallelismIsEnforced() {
        tenant("acme", "max.parallelism", 1);
        try {
            StreamingSqlExecutor.builder().parallelism(2).tenant("acme").build();
            fail("parallelism 2 beyond max.parallelism = 1");
        } catch (IllegalArgumentException e) {
            assertEquals("tenant acme: max.parallelism = 1, the executor asks for parallelism 2", e.getMessage());
        }
    }

    @Test
    public void aJobBeyondTheTenantsMemoryFailsNamingTheQuota() throws Exception {
        tenant("small", "max.memory.bytes", 1024);
        String id = submit(admin.forTenant("small"), "tiny");
        JobInfo info = awaitEnd(admin.forTenant("small"), id);
        assertEquals(JobInfo.State.FAILED, info.state());
        String failure = info.failure().orElseThrow();
        assertTrue(failure, failure.startsWith("tenant small: max.memory.bytes = 1024 exceeded"));
    }

    @Test
    public void stateAndCheckpointsGoUnderTheTenantsDirectoryAndStayThere() throws Exception {
        tenant("acme");
        JobRegistry acme = admin.forTenant("acme");
        String id = acme.submit(SCRIPT, "ck", Map.of("execution.checkpointing.interval", "200 ms"))
                .get(0)
                .id();
        started.add(id);
        Path dir = tmp.getRoot().toPath().resolve("data/state/tenants/acme/checkpoints/ck");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.isDirectory(dir) || Files.list(dir).findAny().isEmpty()) {
            assertTrue("no checkpoint in " + dir + " within 60 s", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        try {
            acme.submit(SCRIPT, "escape", Map.of("state.checkpoints.dir", tmp.getRoot() + "/elsewhere"));
            fail("a checkpoint directory outside the tenant's");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("tenant acme: 'state.checkpoints.dir' = '"));
            assertTrue(e.getMessage(), e.getMessage().contains("is outside the tenant's state directory"));
        }
    }

    @Test
    public void deletingATenantCancelsItsJobs() throws Exception {
        TenantConfiguration gone = tenant("gone");
        String id = submit(admin.forTenant("gone"), "g");
        gone.deactivate();
        tenants.remove(gone);
        JobInfo info = awaitEnd(admin, id);
        assertEquals(JobInfo.State.FAILED, info.state());
        assertTrue(info.failure().orElseThrow(), info.failure().orElseThrow().startsWith("tenant gone was removed"));
        try {
            admin.forTenant("gone");
            fail("a deleted tenant is still there");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("no tenant 'gone'"));
        }
    }

    @Test
    public void anExecutorForATenantRunsQueriesUnderItsQuota() throws Exception {
        tenant("acme", "max.jobs", 1);
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .plugins(List.of(new DatagenSourceFactory(), new BlackholeSinkFactory()))
                .tenant("acme")
                .build()) {
            executor.executeDdl(SCRIPT.substring(0, SCRIPT.indexOf("INSERT")));
            QueryResult one = executor.executeStreamingSql("INSERT INTO sink SELECT id, name FROM gen");
            try {
                executor.executeStreamingSql("INSERT INTO sink SELECT id, name FROM gen");
                fail("a second job beyond max.jobs = 1");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("tenant acme: max.jobs = 1 reached (running: "));
            }
            one.cancel();
            one.awaitTermination();
        }
    }

    private static JobInfo awaitEnd(JobRegistry registry, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            JobInfo info = registry.job(id).orElseThrow();
            if (info.state() != JobInfo.State.RUNNING) {
                return info;
            }
            assertTrue("job " + id + " still running after 60 s", System.nanoTime() < deadline);
            Thread.sleep(50);
        }
    }
}
