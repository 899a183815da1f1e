package io.sabot.runtime.internal.exec;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.RuntimeSettings;
import io.sabot.runtime.Secrets;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.runtime.internal.DeclaredSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * A SQL job declared as configuration (factory PID {@value #PID}, e.g. {@code deploy/io.sabot.job-hourly.cfg} with
 * {@code sql.file = /path/hourly.sql}; the properties are the {@link Config} methods' names with dots for
 * underscores: {@code sql}, {@code sql.file}, {@code desired.state}, {@code restart.strategy}, …): it
 * starts when its configuration appears (also when the container starts), restores from its latest checkpoint, is
 * restarted from there after a failure (Flink's restart strategies), and is cancelled when its configuration goes
 * away or the container stops — so after a crash or a restart of the container the job resumes by itself where its
 * last checkpoint left it. A changed configuration restarts it (DS deactivates and reactivates the component).
 */
@Component(
        service = ManagedJob.class,
        configurationPid = ManagedJob.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = ManagedJob.Config.class, factory = true)
public final class ManagedJob {

    public static final String PID = "io.sabot.job";

    @ObjectClassDefinition(
            name = "Sabot job",
            description = "A SQL job this container runs, restores from its latest checkpoint and restarts after a"
                    + " failure.")
    public @interface Config {
        @AttributeDefinition(
                name = "Name",
                description = "The job's name (pipeline.name: its checkpoint directory); default: the configuration's"
                        + " name.",
                required = false)
        String name() default "";

        @AttributeDefinition(
                name = "SQL",
                description = "The script: DDL, SET and INSERT INTO statements (or give a file).",
                required = false)
        String sql() default "";

        @AttributeDefinition(name = "SQL file", description = "A file holding the script.", required = false)
        String sql_file() default "";

        @AttributeDefinition(
                name = "Tenant",
                description = "The tenant whose job this is (its quotas, connectors, state directory and metric"
                        + " names apply); empty: the default tenant.",
                required = false)
        String tenant() default "";

        @AttributeDefinition(
                name = "Desired state",
                options = {@Option(label = "running", value = "running"), @Option(label = "stopped", value = "stopped")
                })
        String desired_state() default "running";

        @AttributeDefinition(name = "Parallelism", description = "0: the runtime's default parallelism.", min = "0")
        int parallelism() default 0;

        @AttributeDefinition(
                name = "Restore",
                description = "latest: resume from the newest checkpoint (a fresh start if there is none); none: start"
                        + " from scratch on the first start; or a checkpoint or savepoint directory.")
        String restore() default "latest";

        @AttributeDefinition(
                name = "State path",
                description = "Local directory for state and checkpoints (checkpoints/<name> under it, unless the"
                        + " script SETs 'state.checkpoints.dir'); default: data/state in the Sabot home.",
                required = false)
        String state_path() default "";

        @AttributeDefinition(
                name = "Restart strategy",
                description =
                        "After a failure: none, fixed-delay (attempts, delay) or exponential-delay (delay doubling"
                                + " up to the maximum, with 10 % jitter; unlimited attempts unless set).",
                options = {
                    @Option(label = "exponential-delay", value = "exponential-delay"),
                    @Option(label = "fixed-delay", value = "fixed-delay"),
                    @Option(label = "none", value = "none")
                })
        String restart_strategy() default "exponential-delay";

        @AttributeDefinition(
                name = "Restart attempts",
                description = "Restarts after failures before the job stays failed; -1: unlimited (exponential-delay)"
                        + " or 3 (fixed-delay).",
                min = "-1")
        int restart_attempts() default -1;

        @AttributeDefinition(name = "Restart delay (ms)", description = "Delay before the first restart.", min = "0")
        long restart_delay_ms() default 1_000;

        @AttributeDefinition(
                name = "Maximum restart delay (ms)",
                description = "The longest delay exponential-delay waits.",
                min = "0")
        long restart_max_delay_ms() default 60_000;
    }

    /** Where a managed job is in its life. */
    public enum Phase {
        STARTING,
        RUNNING,
        RESTARTING,
        FINISHED,
        FAILED,
        STOPPED
    }

    private final String name;
    private final Config config;
    private final RuntimeSettings settings;
    private final ArrayDeque<String> events = new ArrayDeque<>();
    private final Thread supervisor;
    private volatile Phase phase = Phase.STARTING;
    private volatile boolean stopping;
    /** The current run's jobs, one per INSERT of the script. */
    private volatile List<QueryResult> current = List.of();

    private volatile int restarts;
    private volatile boolean stoppedWithSavepoint;
    /** The script does not parse: no restart can mend that, only a new 'sql' value (supervisor thread). */
    private boolean unparseable;
    /** The script's secret option values, kept out of the events (and so the log). */
    private volatile List<String> secretValues = List.of();

    @Activate
    public ManagedJob(Config config, Map<String, Object> properties, @Reference RuntimeSettings settings) {
        this.config = config;
        this.settings = settings;
        this.name = name(config, properties);
        String script = null;
        try {
            validate(config);
            script = script(config);
            secretValues = Secrets.values(script, DeclaredSecrets.keys());
        } catch (IllegalArgumentException e) {
            phase = Phase.FAILED; // shown by sabot:managed, naming the property
            event("not started: " + e.getMessage());
        }
        String toRun = script;
        // no inherited thread locals: activated from a Gogo session, the job would print its events into that
        // session's streams (Gogo keeps them in an inheritable thread local) long after it closed
        this.supervisor = new Thread(null, () -> supervise(toRun), "sabot-job-" + name, 0, false);
        supervisor.setDaemon(true);
        if (script == null) {
            return;
        }
        if (config.desired_state().equals("running")) {
            supervisor.start();
        } else {
            phase = Phase.STOPPED;
            event("declared stopped");
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stopping = true;
        supervisor.interrupt();
        // their latest checkpoints stay: the next start resumes from them
        current.forEach(QueryResult::cancel);
        supervisor.join(35_000);
        if (phase != Phase.FINISHED && phase != Phase.FAILED) {
            phase = Phase.STOPPED;
        }
    }

    public String name() {
        return name;
    }

    public Phase phase() {
        return phase;
    }

    public int restarts() {
        return restarts;
    }

    /** The current run's jobs, one per INSERT of the script (empty between runs). */
    public List<JobInfo> jobs() {
        return current.stream().map(QueryResult::info).toList();
    }

    /** What happened to this job, oldest first (the last 50 events). */
    public synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    /** Records {@code text} and prints it on the container's console (its log when started in the background). */
    private synchronized void event(String message) {
        String text = Secrets.maskValues(Secrets.maskOptions(message, DeclaredSecrets.keys()), secretValues);
        System.out.println("sabot: job " + name + ": " + text);
        events.addLast(Instant.now() + " " + text);
        while (events.size() > 50) {
            events.removeFirst();
        }
    }

    private void supervise(String script) {
        int attempt = 0;
        while (!stopping) {
            String failure = run(script, attempt == 0 ? config.restore() : "latest");
            if (stopping) {
                return;
            }
            if (stoppedWithSavepoint) {
                phase = Phase.STOPPED;
                event("stopped with a savepoint; set 'restore' to its directory to continue from it");
                return;
            }
            if (failure == null) {
                event("finished"); // before the phase: whoever sees FINISHED sees this event too
                phase = Phase.FINISHED;
                return;
            }
            int allowed = config.restart_attempts() >= 0
                    ? config.restart_attempts()
                    : config.restart_strategy().equals("fixed-delay") ? 3 : Integer.MAX_VALUE;
            if (unparseable) {
                phase = Phase.FAILED;
                event("failed, not restarted (property 'sql' does not parse; a restart cannot mend it): " + failure);
                return;
            }
            if (config.restart_strategy().equals("none") || attempt >= allowed) {
                phase = Phase.FAILED;
                event("failed, not restarted (" + attempt + " restarts of "
                        + (allowed == Integer.MAX_VALUE ? "unlimited" : allowed) + "): " + failure);
                return;
            }
            long delay = delay(attempt);
            phase = Phase.RESTARTING;
            event("failed: " + failure + "; restart " + (attempt + 1) + " from the latest checkpoint in " + delay
                    + " ms");
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                return;
            }
            attempt++;
            restarts = attempt;
        }
    }

    private long delay(int attempt) {
        if (!config.restart_strategy().equals("exponential-delay")) {
            return config.restart_delay_ms();
        }
        double base =
                Math.min(config.restart_max_delay_ms(), config.restart_delay_ms() * Math.pow(2, Math.min(attempt, 30)));
        return Math.round(base * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble()));
    }

    /**
     * Runs the script once: every INSERT starts at once, as its own job with its own checkpoints ({@code name},
     * {@code name-2}, …, as a submitted script's do), so an unbounded INSERT does not hold back the next and none
     * restores another's state. Null when every job finished, else why they did not: a job that fails cancels the
     * others, and the restart resumes each from its own latest checkpoint.
     */
    private String run(String script, String restore) {
        Map<String, Object> options = Submissions.containerOptions(settings, config.parallelism(), config.state_path());
        StreamingSqlExecutor.Builder builder = StreamingSqlExecutor.builder().options(options);
        if (!config.tenant().isBlank()) {
            builder.tenant(config.tenant().strip()); // an unknown tenant fails this run; a restart retries
        }
        String failure = null;
        try (StreamingSqlExecutor executor = builder.build()) {
            SqlExecutor sql = (SqlExecutor) executor;
            sql.onNotice(this::event); // a restore's notes, skipped checkpoints
            sql.followRuntimeDefaults(settings);
            if (!restore.equals("none")) {
                executor.executeDdl("SET 'execution.savepoint.path' = '" + restore.replace("'", "''") + "'");
            }
            try {
                sql.parse(script);
            } catch (io.sabot.sql.SqlException e) {
                unparseable = true;
                throw e;
            }
            phase = Phase.STARTING;
            event("started" + (restore.equals("none") ? "" : " (restore " + restore + ")"));
            List<QueryResult> results = sql.submit(script, name);
            if (results.size() > 1 && !restore.equals("none") && !restore.equals("latest")) {
                results.forEach(QueryResult::cancel);
                throw new IllegalArgumentException(PID + ": restore names one checkpoint or savepoint ('" + restore
                        + "'), but the script starts " + results.size() + " jobs: use 'latest' (each resumes from"
                        + " its own checkpoints) or declare one job per INSERT");
            }
            current = results;
            phase = Phase.RUNNING;
            if (stopping) {
                results.forEach(QueryResult::cancel);
            }
            failure = await(results);
        } catch (RuntimeException e) {
            failure = String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } finally {
            current = List.of();
        }
        if (stopping) {
            return "stopped";
        }
        return failure;
    }

    /**
     * Waits until every job has ended; the first that fails or is cancelled from outside cancels the others. Null if
     * all finished (or were stopped with a savepoint, which {@link #stoppedWithSavepoint} records), else the failure.
     */
    private String await(List<QueryResult> results) throws InterruptedException {
        String failure = null;
        while (true) {
            boolean allEnded = true;
            for (QueryResult result : results) {
                JobInfo.State state = result.status();
                if (state == JobInfo.State.STOPPED) {
                    stoppedWithSavepoint = true; // by sabot:stop or bin/sabot stop: not a failure to restart
                } else if ((state == JobInfo.State.FAILED || state == JobInfo.State.CANCELED) && failure == null) {
                    failure = result.jobId() + " " + state + ": "
                            + result.failure().map(Throwable::getMessage).orElse("");
                    results.forEach(QueryResult::cancel); // the script's jobs run and restart together
                } else if (state != JobInfo.State.FINISHED
                        && state != JobInfo.State.FAILED
                        && state != JobInfo.State.CANCELED) {
                    allEnded = false;
                }
            }
            if (allEnded) {
                return stoppedWithSavepoint && failure == null ? "stopped with a savepoint" : failure;
            }
            Thread.sleep(100);
        }
    }

    static String name(Config config, Map<String, Object> properties) {
        if (!config.name().isBlank()) {
            return config.name().strip();
        }
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String base = Path.of(java.net.URI.create(String.valueOf(file)).getPath())
                    .getFileName()
                    .toString();
            base = base.replaceFirst("\\.cfg$", "").replaceFirst("^" + java.util.regex.Pattern.quote(PID) + "-", "");
            return base;
        }
        return pid;
    }

    static String script(Config config) {
        boolean inline = !config.sql().isBlank();
        boolean file = !config.sql_file().isBlank();
        if (inline == file) {
            throw new IllegalArgumentException(PID + ": give the script in exactly one of 'sql' and 'sql.file' ("
                    + (inline ? "both" : "neither") + " given)");
        }
        if (inline) {
            return config.sql();
        }
        try {
            return Files.readString(Path.of(config.sql_file().strip()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(PID + ": sql.file '" + config.sql_file() + "' cannot be read: " + e);
        }
    }

    static void validate(Config config) {
        if (!List.of("running", "stopped").contains(config.desired_state())) {
            throw new IllegalArgumentException(
                    PID + ": desired.state must be running or stopped, not '" + config.desired_state() + "'");
        }
        if (!List.of("none", "fixed-delay", "exponential-delay").contains(config.restart_strategy())) {
            throw new IllegalArgumentException(PID + ": restart.strategy must be none, fixed-delay or"
                    + " exponential-delay, not '" + config.restart_strategy() + "'");
        }
        if (config.parallelism() < 0
                || config.restart_attempts() < -1
                || config.restart_delay_ms() < 0
                || config.restart_max_delay_ms() < 0) {
            throw new IllegalArgumentException(PID + ": parallelism, restart.attempts (or -1), restart.delay.ms and"
                    + " restart.max.delay.ms must not be negative");
        }
    }
}
