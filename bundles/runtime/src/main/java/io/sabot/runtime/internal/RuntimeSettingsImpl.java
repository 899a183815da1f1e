package io.sabot.runtime.internal;

import io.sabot.runtime.RuntimeSettings;
import io.sabot.runtime.internal.exec.RuntimeDefaults;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The runtime's job defaults from Config Admin ({@value RuntimeSettings#PID}), applied live. DS republishes the
 * configuration as service properties, so a change is visible as a MODIFIED service event too.
 */
@Component(service = RuntimeSettings.class, configurationPid = RuntimeSettings.PID, immediate = true)
@Designate(ocd = RuntimeSettingsImpl.Config.class)
public final class RuntimeSettingsImpl implements RuntimeSettings {

    /** The most key groups a job may have (Flink's limit too). */
    static final int MAX_KEY_GROUPS = 32_768;

    @ObjectClassDefinition(
            name = "Sabot runtime",
            description =
                    "Defaults for every job of this container; a job's own SET statements win. A changed checkpoint"
                            + " interval applies to the running jobs that take the default; other changes apply to"
                            + " jobs started afterwards.")
    @Retention(RetentionPolicy.RUNTIME) // so that defaults() can read the declared defaults
    public @interface Config {
        @AttributeDefinition(
                name = "Default parallelism",
                description = "Parallelism of a job that sets none.",
                min = "1")
        int default_parallelism() default 1;

        @AttributeDefinition(
                name = "Max parallelism",
                description = "Number of key groups: the upper bound for rescaling keyed state (1 to 32768).",
                min = "1",
                max = "32768")
        int max_parallelism() default 128;

        @AttributeDefinition(name = "State backend", description = "Identifier of the default state backend.")
        String state_backend() default "memory";

        @AttributeDefinition(
                name = "Checkpoint interval (s)",
                description =
                        "Seconds between checkpoints; 0 disables periodic checkpoints. A change applies at once to"
                                + " the running jobs that take the default and were started with checkpoints.",
                min = "0")
        long checkpoint_interval_seconds() default 60;

        @AttributeDefinition(
                name = "Watermark idle timeout (ms)",
                description = "A split without data this long stops holding back the watermark.",
                min = "0")
        long watermark_idle_timeout_ms() default 30_000;

        @AttributeDefinition(
                name = "Plug-in swap timeout (s)",
                description = "How long a job waits for a replacement when a plug-in it uses goes away.",
                min = "0")
        long plugin_swap_timeout_seconds() default 60;

        @AttributeDefinition(
                name = "Checkpoint directory",
                description = "Absolute path (or file:// URI) of a writable directory under which each job writes its"
                        + " checkpoints (<dir>/<job name>), unless it SETs 'state.checkpoints.dir'. Empty: the state"
                        + " path's 'checkpoints' directory. A tenant's jobs keep theirs in the tenant's state"
                        + " directory. Applies to jobs started afterwards.")
        String checkpoint_dir() default "";

        @AttributeDefinition(
                name = "Retained checkpoints",
                description = "Completed checkpoints each job keeps, unless it SETs 'state.checkpoints.num-retained'."
                        + " Applies to jobs started afterwards.",
                min = "1")
        int checkpoint_retained() default 1;

        @AttributeDefinition(
                name = "Job memory limit (bytes)",
                description = "The most bytes one job's Arrow memory (batches in flight, operators' in-memory state,"
                        + " readers' and writers' buffers) may take; a job that needs more fails, naming the job and"
                        + " this limit. 0: no limit of the job's own (a tenant's max.memory.bytes still applies). A"
                        + " job's SET 'sabot.job.memory.max' (e.g. '512 mb') wins. Applies to jobs started"
                        + " afterwards.",
                min = "0")
        long job_max_memory_bytes() default 0;
    }

    record Values(
            int defaultParallelism,
            int maxParallelism,
            String stateBackend,
            Duration checkpointInterval,
            Duration watermarkIdleTimeout,
            Duration pluginSwapTimeout,
            Optional<Path> checkpointDirectory,
            int checkpointsRetained,
            long jobMaxMemoryBytes) {}

    private volatile Values values;
    private static final System.Logger LOG = System.getLogger(RuntimeSettingsImpl.class.getName());

    private volatile String lastError = "";
    private volatile String lastNotice = "";
    private volatile long revision;

    @Activate
    @Modified
    public void apply(Config config) {
        String error = validate(config);
        if (error != null) {
            lastError = "configuration " + PID + " rejected: " + error;
            if (values != null) {
                return; // keep what was in force
            }
            config = defaults();
        } else {
            lastError = "";
        }
        Values previous = values;
        values = new Values(
                config.default_parallelism(),
                config.max_parallelism(),
                config.state_backend(),
                Duration.ofSeconds(config.checkpoint_interval_seconds()),
                Duration.ofMillis(config.watermark_idle_timeout_ms()),
                Duration.ofSeconds(config.plugin_swap_timeout_seconds()),
                config.checkpoint_dir().isBlank()
                        ? Optional.empty()
                        : Optional.of(checkpointDirectory(config.checkpoint_dir())),
                config.checkpoint_retained(),
                config.job_max_memory_bytes());
        revision++;
        if (previous != null) {
            lastNotice = applyToRunningJobs(previous, values);
            if (!lastNotice.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, lastNotice);
            }
        }
    }

    /**
     * Applies what can change under running jobs (the default checkpoint interval, to the jobs that take it) and says
     * which changes wait for a restart of which running jobs; empty when there is nothing to say.
     */
    static String applyToRunningJobs(Values before, Values after) {
        List<String> notes = new ArrayList<>();
        if (!before.checkpointInterval().equals(after.checkpointInterval())) {
            List<String> changed = RuntimeDefaults.applyCheckpointInterval(after.checkpointInterval());
            if (!changed.isEmpty()) {
                notes.add("checkpoint.interval.seconds = "
                        + after.checkpointInterval().toSeconds() + " applied to the running jobs "
                        + String.join(", ", changed));
            }
        }
        List<String> later = new ArrayList<>();
        if (before.defaultParallelism() != after.defaultParallelism()) {
            later.add("default.parallelism");
        }
        if (before.maxParallelism() != after.maxParallelism()) {
            later.add("max.parallelism");
        }
        if (!before.stateBackend().equals(after.stateBackend())) {
            later.add("state.backend");
        }
        if (!before.watermarkIdleTimeout().equals(after.watermarkIdleTimeout())) {
            later.add("watermark.idle.timeout.ms");
        }
        if (!before.checkpointDirectory().equals(after.checkpointDirectory())) {
            later.add("checkpoint.dir");
        }
        if (before.checkpointsRetained() != after.checkpointsRetained()) {
            later.add("checkpoint.retained");
        }
        if (before.jobMaxMemoryBytes() != after.jobMaxMemoryBytes()) {
            later.add("job.max.memory.bytes");
        }
        if (!later.isEmpty()) {
            List<String> running = RuntimeDefaults.runningJobs();
            notes.add(String.join(", ", later) + " changed: applies to jobs started from now on"
                    + (running.isEmpty()
                            ? ""
                            : "; the running jobs " + String.join(", ", running)
                                    + " keep the previous value until they are restarted"));
        }
        return notes.isEmpty() ? "" : "configuration " + PID + ": " + String.join("; ", notes);
    }

    /** Every problem with {@code config}, each naming the property and the reason, or null. */
    static String validate(Config c) {
        List<String> problems = new ArrayList<>();
        if (c.max_parallelism() < 1 || c.max_parallelism() > MAX_KEY_GROUPS) {
            problems.add("max.parallelism must be between 1 and " + MAX_KEY_GROUPS + ", got " + c.max_parallelism());
        } else if (c.default_parallelism() < 1 || c.default_parallelism() > c.max_parallelism()) {
            problems.add("default.parallelism must be between 1 and max.parallelism (" + c.max_parallelism() + "), got "
                    + c.default_parallelism());
        }
        if (c.state_backend() == null
                || !SnapshotBuilder.IDENTIFIER.matcher(c.state_backend()).matches()) {
            problems.add(
                    "state.backend must be a plug-in identifier such as 'memory', got '" + c.state_backend() + "'");
        }
        if (c.checkpoint_interval_seconds() < 0) {
            problems.add("checkpoint.interval.seconds must not be negative, got " + c.checkpoint_interval_seconds());
        }
        if (c.watermark_idle_timeout_ms() < 0) {
            problems.add("watermark.idle.timeout.ms must not be negative, got " + c.watermark_idle_timeout_ms());
        }
        if (c.plugin_swap_timeout_seconds() < 0) {
            problems.add("plugin.swap.timeout.seconds must not be negative, got " + c.plugin_swap_timeout_seconds());
        }
        String dir = c.checkpoint_dir();
        if (dir != null && !dir.isBlank()) {
            String problem = checkpointDirectoryProblem(dir);
            if (problem != null) {
                problems.add("checkpoint.dir = '" + dir + "' " + problem);
            }
        }
        if (c.checkpoint_retained() < 1) {
            problems.add("checkpoint.retained must be at least 1, got " + c.checkpoint_retained());
        }
        if (c.job_max_memory_bytes() < 0) {
            problems.add("job.max.memory.bytes must be 0 (no limit) or a positive number of bytes, got "
                    + c.job_max_memory_bytes());
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** A local path or {@code file:} URI as a path. */
    private static Path checkpointDirectory(String value) {
        String v = value.strip();
        return v.startsWith("file:") ? Path.of(URI.create(v)) : Path.of(v);
    }

    /** Why {@code value} cannot hold checkpoints (not absolute, not a directory, not writable), or null. */
    private static String checkpointDirectoryProblem(String value) {
        String v = value.strip();
        if (!v.startsWith("file:") && v.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return "is not a local path: only absolute paths and file:// URIs are supported";
        }
        Path path;
        try {
            path = checkpointDirectory(v);
        } catch (IllegalArgumentException e) {
            return "is not a valid path or file:// URI: " + e.getMessage();
        }
        if (!path.isAbsolute()) {
            return "is not an absolute path";
        }
        if (Files.exists(path)) {
            if (!Files.isDirectory(path)) {
                return "is not a directory";
            }
            return Files.isWritable(path) ? null : "is not writable";
        }
        // jobs create it: its nearest existing ancestor must let them
        Path existing = path.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return "cannot be created: " + existing + " is not a directory";
        }
        return Files.isWritable(existing) ? null : "cannot be created: " + existing + " is not writable";
    }

    private static Config defaults() {
        return DefaultConfig.class.getAnnotation(Config.class);
    }

    @Config
    private static final class DefaultConfig {}

    @Override
    public int defaultParallelism() {
        return values.defaultParallelism();
    }

    @Override
    public int maxParallelism() {
        return values.maxParallelism();
    }

    @Override
    public String stateBackend() {
        return values.stateBackend();
    }

    @Override
    public Duration checkpointInterval() {
        return values.checkpointInterval();
    }

    @Override
    public Duration watermarkIdleTimeout() {
        return values.watermarkIdleTimeout();
    }

    @Override
    public Duration pluginSwapTimeout() {
        return values.pluginSwapTimeout();
    }

    @Override
    public Optional<Path> checkpointDirectory() {
        return values.checkpointDirectory();
    }

    @Override
    public int checkpointsRetained() {
        return values.checkpointsRetained();
    }

    @Override
    public long jobMaxMemoryBytes() {
        return values.jobMaxMemoryBytes();
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public String lastNotice() {
        return lastNotice;
    }

    @Override
    public long revision() {
        return revision;
    }
}
