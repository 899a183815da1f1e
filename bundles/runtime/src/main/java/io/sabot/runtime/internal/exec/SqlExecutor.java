package io.sabot.runtime.internal.exec;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.sabot.engine.ConnectorResolver;
import io.sabot.engine.Engine;
import io.sabot.engine.Job;
import io.sabot.engine.JobOptions;
import io.sabot.engine.MetricsConfig;
import io.sabot.plan.QueryPlan;
import io.sabot.runtime.ExecutorOptions;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.runtime.internal.metrics.JobHealthChecks;
import io.sabot.runtime.internal.metrics.NodeGauges;
import io.sabot.runtime.internal.tenant.Tenant;
import io.sabot.sql.SessionConfig;
import io.sabot.sql.SqlFrontEnd;
import io.sabot.sql.SqlSession;
import io.sabot.sql.Statement;
import io.sabot.sql.StatementResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;

/** One SQL session and the engine that runs its queries. */
final class SqlExecutor implements StreamingSqlExecutor {

    /** How long {@link #close()} waits for cancelled jobs to stop. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorOptions options;
    private final SqlSession session;
    private final Engine engine;
    private final BufferAllocator root;
    private final ConnectorResolver resolver;
    private final List<QueryResultImpl> running = new ArrayList<>();
    private volatile java.util.function.Consumer<String> noticeListener = notice -> {};

    /** Every job started and not yet seen ended, guarded by {@link #running}: close() waits for them. */
    private final List<Job> jobs = new ArrayList<>();

    /** Every job this executor started that is still referenced, guarded by {@link #running}: its savepoint scope. */
    private final java.util.Set<Job> started = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    /** Hears notices of job starts (a restore's notes); the CLI prints them. */
    void onNotice(java.util.function.Consumer<String> listener) {
        this.noticeListener = listener;
    }

    private final Runnable onClose;
    private boolean closed;

    /** The tenant whose jobs these are, or null (the default tenant: no quotas). */
    private final Tenant tenant;

    /** The tenant's id, or {@code default}: the metric namespace and the job registry's scope. */
    private final String tenantId;

    /** Where metrics go while the node has no registry service (embedded, tests): this executor's own. */
    private final MetricRegistry ownRegistry = new MetricRegistry();

    private final HealthCheckRegistry ownHealth = new HealthCheckRegistry();
    private final NodeGauges ownGauges;
    /** The health checks of this executor's jobs, removed when it closes; guarded by {@link #running}. */
    private final List<JobHealthChecks> healthChecks = new ArrayList<>();

    SqlExecutor(ExecutorOptions options, ConnectorResolver resolver, BufferAllocator root) {
        this(options, resolver, root, () -> {});
    }

    /** {@code onClose} runs once, after the executor released everything. */
    SqlExecutor(ExecutorOptions options, ConnectorResolver resolver, BufferAllocator root, Runnable onClose) {
        this(options, resolver, root, onClose, null);
    }

    /** {@code jobNumbers}: a counter shared with the container's other executors, or null to number from 1. */
    SqlExecutor(
            ExecutorOptions options,
            ConnectorResolver resolver,
            BufferAllocator root,
            Runnable onClose,
            java.util.concurrent.atomic.AtomicLong jobNumbers) {
        this(options, resolver, root, onClose, jobNumbers, null);
    }

    /** {@code tenant}: whose jobs these are (its allow-lists and quotas apply), or null for the default tenant. */
    SqlExecutor(
            ExecutorOptions options,
            ConnectorResolver resolver,
            BufferAllocator root,
            Runnable onClose,
            java.util.concurrent.atomic.AtomicLong jobNumbers,
            Tenant tenant) {
        this.options = options;
        this.tenant = tenant;
        this.tenantId = tenant == null ? MetricsConfig.DEFAULT_TENANT : tenant.id();
        this.root = root;
        this.resolver = resolver;
        this.onClose = onClose;
        io.sabot.sql.ConnectorValidator validator = new ResolverValidator(resolver);
        if (tenant != null) {
            validator = new TenantValidator(tenant, validator);
        }
        this.session = SqlFrontEnd.create().newSession(SessionConfig.defaults().withConnectorValidator(validator));
        Engine.Builder engineBuilder = Engine.builder(root, resolver)
                .parallelism(options.parallelism())
                .maxParallelism(options.maxParallelism())
                .watermarkIdleTimeout(options.watermarkIdleTimeout());
        if (jobNumbers != null) {
            engineBuilder.jobNumbers(jobNumbers);
        }
        this.engine = engineBuilder.build();
        this.ownGauges = new NodeGauges(ownRegistry, this::jobsRunning, root::getAllocatedMemory, root::getLimit, null);
        Executors.opened(this);
    }

    private long jobsRunning() {
        synchronized (running) {
            return jobs.stream().filter(j -> !j.status().isTerminal()).count();
        }
    }

    @Override
    public MetricRegistry metricRegistry() {
        MetricRegistry node = Executors.nodeRegistry();
        return node != null ? node : ownRegistry;
    }

    @Override
    public HealthCheckRegistry healthChecks() {
        HealthCheckRegistry node = Executors.nodeHealth();
        return node != null ? node : ownHealth;
    }

    @Override
    public String executeDdl(String statements) {
        StringBuilder out = new StringBuilder();
        for (Statement statement : session.parseScript(statements, Map.of())) {
            StatementResult result = session.execute(statement);
            if (result instanceof StatementResult.Query) {
                throw new IllegalArgumentException("line " + statement.line() + ": '" + firstLine(statement.sql())
                        + "' is a query: run it with executeStreamingSql");
            }
            out.append(describe(result));
        }
        return out.toString();
    }

    @Override
    public QueryResult executeStreamingSql(String statement) {
        List<Statement> statements = session.parseScript(statement, Map.of());
        if (statements.size() != 1) {
            throw new IllegalArgumentException("executeStreamingSql takes one statement, got " + statements.size());
        }
        StatementResult result = session.execute(statements.get(0));
        if (!(result instanceof StatementResult.Query query)) {
            throw new IllegalArgumentException(
                    "'" + firstLine(statements.get(0).sql()) + "' is not a query: run it with executeDdl");
        }
        return start(query.plan());
    }

    @Override
    public String explain(String query) {
        StatementResult result = session.execute(session.parse("EXPLAIN " + query));
        return describe(result);
    }

    @Override
    public void executeScript(String script, Map<String, String> variables, ScriptListener listener) {
        for (Statement statement : session.parseScript(script, variables)) {
            StatementResult result = session.execute(statement);
            if (result instanceof StatementResult.Query query) {
                try (QueryResult results = start(query.plan())) {
                    listener.onQuery(statement.sql(), results);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("query at line " + statement.line() + " failed: " + e, e);
                }
            } else {
                listener.onMessage(describe(result));
            }
        }
    }

    private QueryResult start(QueryPlan plan) {
        return start(plan, session.settings());
    }

    /**
     * Plans every statement of a script first (DDL and SET take effect in this session as they come), then starts
     * every {@code INSERT INTO} with the settings in force at its line; nothing starts if a statement fails. A
     * {@code SELECT} is refused: a submitted job has no reader for its rows.
     *
     * @throws io.sabot.sql.SqlException naming line and column
     * @param name the jobs' pipeline name (the second and later get {@code -2}, {@code -3}, …), or null
     * @throws IllegalArgumentException if the script has a SELECT or no INSERT
     */
    /**
     * Parses {@code script} without running or defining anything.
     *
     * @throws io.sabot.sql.SqlException for the first statement that does not parse, naming line and column
     */
    void parse(String script) {
        session.parseScript(script, Map.of());
    }

    List<QueryResult> submit(String script, String name) {
        record Planned(QueryPlan plan, Map<String, String> settings) {}
        List<Planned> planned = new ArrayList<>();
        List<Statement> statements = session.parseScript(script, Map.of());
        for (Statement statement : statements) {
            if (statement.kind() == io.sabot.sql.StatementKind.SELECT) {
                throw new io.sabot.sql.SqlException(
                        "line " + statement.line() + ", column " + statement.column() + ": a submitted script runs"
                                + " INSERT INTO statements; a SELECT's rows would have no reader (run it with"
                                + " 'bin/sabot sql')",
                        statement.line(),
                        statement.column(),
                        statement.sql(),
                        List.of(),
                        null);
            }
        }
        for (Statement statement : statements) {
            StatementResult result = session.execute(statement);
            if (result instanceof StatementResult.Query query) {
                Map<String, String> settings = new java.util.HashMap<>(session.settings());
                if (name != null) {
                    settings.put(
                            JobSettings.PIPELINE_NAME, planned.isEmpty() ? name : name + "-" + (planned.size() + 1));
                }
                planned.add(new Planned(query.plan(), Map.copyOf(settings)));
            }
        }
        if (planned.isEmpty()) {
            throw new IllegalArgumentException("the script has no INSERT INTO statement: nothing to run");
        }
        List<QueryResult> results = new ArrayList<>();
        if (tenant != null) {
            // all or nothing: refuse before the first starts when the script's INSERTs do not fit the quota
            synchronized (tenant.starts) {
                checkQuotas(planned.size());
            }
        }
        try {
            for (Planned p : planned) {
                results.add(start(p.plan(), p.settings()));
            }
        } catch (RuntimeException e) {
            results.forEach(QueryResult::cancel); // all or nothing: a later INSERT's bad options stop the earlier
            throw e;
        }
        return results;
    }

    private QueryResult start(QueryPlan plan, Map<String, String> settings) {
        if (tenant == null) {
            return startJob(plan, settings);
        }
        synchronized (tenant.starts) { // the check and the registration as one, or two starts could both pass
            checkQuotas(1);
            checkPaths(settings);
            return startJob(plan, settings);
        }
    }

    /**
     * Refuses {@code newJobs} more jobs when the tenant's quotas do not allow them, naming the tenant, the quota, its
     * value and what uses it.
     */
    private void checkQuotas(int newJobs) {
        tenant.requireUsable();
        io.sabot.runtime.internal.tenant.Tenant.Quotas quotas = tenant.quotas();
        if (quotas.maxParallelism() > 0 && options.parallelism() > quotas.maxParallelism()) {
            throw new IllegalArgumentException("tenant " + tenant.id() + ": max.parallelism = "
                    + quotas.maxParallelism() + ", the job asks for parallelism " + options.parallelism());
        }
        if (quotas.maxJobs() > 0) {
            List<String> running = Jobs.INSTANCE.running(tenant.id());
            if (running.size() + newJobs > quotas.maxJobs()) {
                throw new IllegalArgumentException("tenant " + tenant.id() + ": max.jobs = " + quotas.maxJobs()
                        + (newJobs > 1 && running.size() < quotas.maxJobs()
                                ? ", the script starts " + newJobs + " jobs"
                                : " reached")
                        + " (running: " + (running.isEmpty() ? "none" : String.join(", ", running)) + ")");
            }
        }
    }

    /** A tenant's checkpoints, savepoints and restores stay under its state directory. */
    private void checkPaths(Map<String, String> settings) {
        Path own = Path.of(options.get(ExecutorOptions.STATE_PATH))
                .toAbsolutePath()
                .normalize();
        for (String key : List.of(JobSettings.DIRECTORY, JobSettings.SAVEPOINT_DIRECTORY, JobSettings.RESTORE)) {
            String value = settings.get(key);
            if (value == null
                    || value.isBlank()
                    || (key.equals(JobSettings.RESTORE) && value.strip().equalsIgnoreCase("latest"))) {
                continue;
            }
            Path path = JobSettings.path(key, value).toAbsolutePath().normalize();
            if (!path.startsWith(own)) {
                throw new IllegalArgumentException("tenant " + tenant.id() + ": '" + key + "' = '" + value
                        + "' is outside the tenant's state directory " + own);
            }
        }
    }

    /** For a tenant's savepoint requests: the directory must lie under the tenant's state directory. */
    void checkOwnDirectory(String what, Path directory) {
        if (tenant == null || directory == null) {
            return;
        }
        Path own = Path.of(options.get(ExecutorOptions.STATE_PATH))
                .toAbsolutePath()
                .normalize();
        if (!directory.toAbsolutePath().normalize().startsWith(own)) {
            throw new IllegalArgumentException("tenant " + tenant.id() + ": " + what + " '" + directory
                    + "' is outside the tenant's state directory " + own);
        }
    }

    /** The secret option values of the tables a plan reads and writes: its failures must not show them. */
    private static List<String> tableSecrets(io.sabot.plan.PlanNode node) {
        List<String> out = new ArrayList<>();
        io.sabot.plan.TableRef table = node instanceof io.sabot.plan.TableScan scan
                ? scan.table()
                : node instanceof io.sabot.plan.Sink sink
                        ? sink.table()
                        : node instanceof io.sabot.plan.LookupJoin lookup ? lookup.table() : null;
        if (table != null) {
            out.addAll(
                    io.sabot.runtime.Secrets.values(table.options(), io.sabot.runtime.internal.DeclaredSecrets.keys()));
        }
        for (io.sabot.plan.PlanNode input : node.inputs()) {
            out.addAll(tableSecrets(input));
        }
        return out;
    }

    /** Whether this executor's jobs take the runtime's default checkpoint interval, also when it changes. */
    private volatile boolean followsRuntimeDefaults;

    /**
     * Marks this executor as one the container runs jobs with from the runtime's defaults (its options are {@link
     * Submissions#containerOptions}): its jobs that do not SET their own checkpoint interval follow a change of the
     * default while they run ({@link RuntimeDefaults}).
     */
    void followRuntimeDefaults(io.sabot.runtime.RuntimeSettings settings) {
        followsRuntimeDefaults = true;
        JobSettings.Defaults d = JobSettings.Defaults.of(settings);
        // a tenant's checkpoints stay in its own state directory (checkPaths)
        containerDefaults = tenant == null ? d : d.underStatePath();
    }

    /** The runtime's defaults this executor's jobs take for what they do not SET. */
    private volatile JobSettings.Defaults containerDefaults = JobSettings.Defaults.NONE;

    private QueryResult startJob(QueryPlan plan, Map<String, String> settings) {
        List<String> notices = new ArrayList<>();
        JobOptions jobOptions = JobSettings.of(
                options, containerDefaults, settings, plan.sql() == null ? "" : plan.sql(), resolver, notices::add);
        String pipelineName = settings.get(JobSettings.PIPELINE_NAME);
        if (pipelineName != null && pipelineName.isBlank()) {
            pipelineName = null;
        }
        MetricRegistry metrics = options.get(ExecutorOptions.ENABLE_METRICS) ? metricRegistry() : null;
        if (metrics != null) {
            jobOptions = jobOptions.withMetrics(new MetricsConfig(metrics, tenantId, pipelineName));
        }
        Job job = engine.submit(plan, jobOptions);
        if (followsRuntimeDefaults
                && !settings.containsKey(JobSettings.INTERVAL)
                && jobOptions.checkpoints().isPresent()) {
            RuntimeDefaults.follow(job);
        }
        JobRestarts.INSTANCE.started(job, tenantId, pipelineName, metrics);
        if (options.get(ExecutorOptions.ENABLE_HEALTH_CHECKS)) {
            String name = pipelineName != null ? pipelineName : job.name().split(" ")[0];
            JobHealthChecks checks = JobHealthChecks.register(
                    healthChecks(),
                    job,
                    tenantId,
                    name,
                    metrics,
                    jobOptions.checkpoints().map(c -> c.interval()).orElse(null),
                    stallTimeout());
            checks.addTables(plan.root(), resolver);
            checks.addStateBackend(jobOptions.stateBackend(), job.name().split(" ")[0]);
            synchronized (running) {
                healthChecks.add(checks);
            }
        }
        notices.addAll(job.notices()); // e.g. operators that keep heap state under a backend plug-in
        for (String notice : notices) {
            noticeListener.accept(notice);
        }
        String sql = plan.sql() == null ? "" : plan.sql();
        Jobs.Entry entry = Jobs.INSTANCE.register(
                job,
                plan.sql(),
                settings.get(JobSettings.PIPELINE_NAME),
                JobSettings.savepointTarget(options, settings, sql),
                plan.explain(),
                metrics != null,
                tenantId,
                tableSecrets(plan.root()));
        QueryResultImpl result = new QueryResultImpl(job, plan, entry, this::finished);
        synchronized (running) {
            running.add(result);
            jobs.removeIf(j -> j.status().isTerminal());
            jobs.add(job);
            started.add(job);
        }
        return result;
    }

    /**
     * How long a job's watermark may stand still while rows arrive before its health check fails: twice the idle
     * timeout (an idle split stops holding the watermark back after one), or 60 s without idleness detection.
     */
    private Duration stallTimeout() {
        Duration idle = options.watermarkIdleTimeout();
        return idle.isZero() ? Duration.ofSeconds(60) : idle.multipliedBy(2);
    }

    private void finished(QueryResultImpl result) {
        synchronized (running) {
            running.remove(result);
        }
    }

    @Override
    public io.sabot.runtime.SavepointInfo savepoint(String jobId, java.nio.file.Path targetDirectory) {
        checkOwnDirectory("savepoint directory", targetDirectory);
        return Jobs.savepoint(own(jobId), targetDirectory, false);
    }

    @Override
    public io.sabot.runtime.SavepointInfo stopWithSavepoint(String jobId, java.nio.file.Path targetDirectory) {
        checkOwnDirectory("savepoint directory", targetDirectory);
        return Jobs.savepoint(own(jobId), targetDirectory, true);
    }

    @Override
    public void disposeSavepoint(java.nio.file.Path savepoint) {
        checkOwnDirectory("savepoint", savepoint);
        Jobs.dispose(savepoint);
    }

    /** The registry's entry of one of this executor's jobs. */
    private Jobs.Entry own(String jobId) {
        List<Job> mine;
        synchronized (running) {
            mine = new ArrayList<>(started);
        }
        return Jobs.INSTANCE.find(jobId, e -> mine.stream().anyMatch(j -> j == e.job()), "this executor");
    }

    @Override
    public ExecutorOptions options() {
        return options;
    }

    /** The root of every job's and every result's allocator (tests check that it is back to zero). */
    BufferAllocator allocator() {
        return root;
    }

    @Override
    public void close() {
        List<QueryResultImpl> open;
        List<Job> started;
        synchronized (running) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(running);
            started = new ArrayList<>(jobs);
        }
        for (QueryResultImpl result : open) {
            result.close();
        }
        for (Job job : started) {
            job.cancel(); // results closed earlier cancelled their job already; cancel() is idempotent
        }
        // Cancelling only asks the tasks to stop: their batches and operator state return to the root allocator
        // when each job ends, so wait for that before closing it.
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        List<String> stuck = new ArrayList<>();
        boolean interrupted = false;
        for (Job job : started) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (interrupted
                        || !job.awaitTermination(left, TimeUnit.NANOSECONDS).isTerminal()) {
                    stuck.add(job.name());
                }
            } catch (InterruptedException e) {
                interrupted = true;
                stuck.add(job.name());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!stuck.isEmpty()) {
            throw new IllegalStateException("closing the executor: " + stuck + " did not stop within "
                    + CLOSE_TIMEOUT.toSeconds() + " s of being cancelled; their memory is not released");
        }
        synchronized (running) {
            healthChecks.forEach(JobHealthChecks::removeAll);
            healthChecks.clear();
        }
        ownGauges.remove();
        Executors.closed(this);
        root.close();
        onClose.run();
    }

    static String describe(StatementResult result) {
        if (result instanceof StatementResult.CatalogChange change) {
            return change.message() + "\n";
        } else if (result instanceof StatementResult.SettingsChange settings) {
            return settings.message() + "\n";
        } else if (result instanceof StatementResult.Table table) {
            return table.format();
        } else if (result instanceof StatementResult.Explanation explanation) {
            return explanation.text().endsWith("\n") ? explanation.text() : explanation.text() + "\n";
        }
        return String.valueOf(result) + "\n";
    }

    private static String firstLine(String sql) {
        String trimmed = sql.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline) + " …";
    }
}
