package io.sabot.runtime.internal.exec;

import io.sabot.engine.CheckpointConfig;
import io.sabot.engine.Checkpoints;
import io.sabot.engine.ConnectorResolver;
import io.sabot.engine.JobOptions;
import io.sabot.engine.MemoryLimit;
import io.sabot.engine.StateBackendConfig;
import io.sabot.runtime.ExecutorOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a session's settings (Flink's keys) and the executor's options into a job's checkpoint and restore options.
 *
 * <ul>
 *   <li>{@code execution.checkpointing.interval} (e.g. {@code '10 s'}) enables checkpoints; so does the executor option
 *       {@code checkpoint_interval_seconds} when given explicitly (its default only applies then).
 *   <li>{@code state.checkpoints.dir} ({@code file:///path} or a path; default {@code <state_path>/checkpoints}):
 *       the job's checkpoints go to {@code <dir>/<pipeline.name>}, or {@code <dir>/job-<hash of its SQL>}.
 *   <li>{@code execution.checkpointing.timeout}, {@code execution.checkpointing.min-pause}, {@code
 *       state.checkpoints.num-retained}, {@code execution.checkpointing.tolerable-failed-checkpoints}.
 *   <li>{@code execution.savepoint.path}: a checkpoint or savepoint directory to start from, or {@code latest} for
 *       the job's newest complete checkpoint (a fresh start when it has none yet).
 *   <li>{@code state.backend.type} (or Flink's older {@code state.backend}): {@code memory} (the engine's in-heap
 *       tables) or an installed state backend plug-in such as {@code rocksdb}; default the executor option {@code
 *       state_backend}. Its working directories go under {@code <state_path>/local}.
 *   <li>{@code state.backend.incremental}: incremental checkpoints, for a backend that declares the option {@code
 *       incremental} (rocksdb); the others say in a notice that it has no effect.
 *   <li>{@code sabot.job.memory.max} ({@code '256 mb'}, {@code '1 gb'}, or bytes): the most memory the job's Arrow
 *       allocator may hold; beyond, the job fails naming the job, the limit and the setting.
 * </ul>
 *
 * <p>A container's jobs take {@link Defaults} from {@code io.sabot.runtime} for the checkpoint directory, the retained
 * checkpoints and the memory limit; the job's own SET wins.
 */
final class JobSettings {

    static final String INTERVAL = "execution.checkpointing.interval";
    static final String DIRECTORY = "state.checkpoints.dir";
    static final String TIMEOUT = "execution.checkpointing.timeout";
    static final String MIN_PAUSE = "execution.checkpointing.min-pause";
    static final String RETAINED = "state.checkpoints.num-retained";
    static final String TOLERABLE = "execution.checkpointing.tolerable-failed-checkpoints";
    static final String RESTORE = "execution.savepoint.path";
    static final String PIPELINE_NAME = "pipeline.name";
    static final String SAVEPOINT_DIRECTORY = "state.savepoints.dir";
    static final String BACKEND_TYPE = "state.backend.type";
    static final String BACKEND_LEGACY = io.sabot.state.spi.StateBackends.STATE_BACKEND_OPTION;
    static final String INCREMENTAL = "state.backend.incremental";
    static final String MEMORY_MAX = "sabot.job.memory.max";
    /** The engine's own in-heap tables: not a plug-in, always there. */
    static final String MEMORY = "memory";

    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*([a-z]*)\\s*");

    private JobSettings() {}

    /**
     * The container's defaults from {@code io.sabot.runtime} for what a job does not SET.
     *
     * @param checkpointDirectory root of the jobs' checkpoint directories, or null for {@code <state_path>/checkpoints}
     * @param checkpointsRetained completed checkpoints each job keeps
     * @param memoryMaxBytes a job's memory limit, 0 for none
     */
    record Defaults(Path checkpointDirectory, int checkpointsRetained, long memoryMaxBytes) {
        /** An embedded executor's: checkpoints under the state path, one retained, no memory limit. */
        static final Defaults NONE = new Defaults(null, 1, 0);

        static Defaults of(io.sabot.runtime.RuntimeSettings settings) {
            return settings == null
                    ? NONE
                    : new Defaults(
                            settings.checkpointDirectory().orElse(null),
                            settings.checkpointsRetained(),
                            settings.jobMaxMemoryBytes());
        }

        /** These defaults but checkpoints under the state path (a tenant's stay in its own state directory). */
        Defaults underStatePath() {
            return new Defaults(null, checkpointsRetained, memoryMaxBytes);
        }
    }

    /** {@link #of(ExecutorOptions, Defaults, Map, String, ConnectorResolver, Consumer)} without container defaults. */
    static JobOptions of(
            ExecutorOptions options,
            Map<String, String> settings,
            String sql,
            ConnectorResolver resolver,
            Consumer<String> notices) {
        return of(options, Defaults.NONE, settings, sql, resolver, notices);
    }

    /**
     * The job options for {@code sql} under these settings.
     *
     * @param notices hears what the user should know (a 'latest' restore with nothing to restore, skipped damaged
     *     checkpoints)
     * @throws IllegalArgumentException naming the setting whose value is invalid, or the checkpoint that cannot be read
     */
    static JobOptions of(
            ExecutorOptions options,
            Defaults defaults,
            Map<String, String> settings,
            String sql,
            ConnectorResolver resolver,
            Consumer<String> notices) {
        JobOptions job = stateBackend(JobOptions.DEFAULT, options, settings, resolver, notices);
        Duration interval = null;
        if (settings.containsKey(INTERVAL)) {
            interval = duration(INTERVAL, settings.get(INTERVAL));
        } else if (options.given(ExecutorOptions.CHECKPOINT_INTERVAL_SECONDS.key())) {
            interval = Duration.ofSeconds(options.get(ExecutorOptions.CHECKPOINT_INTERVAL_SECONDS));
        }
        String restore = settings.get(RESTORE);
        Path jobDirectory = null;
        if (interval != null || restore != null) {
            Path root = settings.containsKey(DIRECTORY)
                    ? path(DIRECTORY, settings.get(DIRECTORY))
                    : defaults.checkpointDirectory() != null
                            ? defaults.checkpointDirectory()
                            : Path.of(options.get(ExecutorOptions.STATE_PATH)).resolve("checkpoints");
            jobDirectory = root.resolve(jobName(settings, sql));
        }
        if (interval != null) {
            CheckpointConfig engineDefaults = CheckpointConfig.every(interval, jobDirectory);
            try {
                job = job.withCheckpoints(new CheckpointConfig(
                        interval,
                        jobDirectory,
                        settings.containsKey(TIMEOUT)
                                ? duration(TIMEOUT, settings.get(TIMEOUT))
                                : engineDefaults.timeout(),
                        settings.containsKey(MIN_PAUSE)
                                ? duration(MIN_PAUSE, settings.get(MIN_PAUSE))
                                : engineDefaults.minPause(),
                        settings.containsKey(RETAINED)
                                ? integer(RETAINED, settings.get(RETAINED))
                                : defaults.checkpointsRetained(),
                        settings.containsKey(TOLERABLE) ? integer(TOLERABLE, settings.get(TOLERABLE)) : -1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("checkpoint settings: " + e.getMessage(), e);
            }
        }
        if (restore != null && !restore.isBlank()) {
            if (restore.strip().equalsIgnoreCase("latest")) {
                try {
                    var latest = Checkpoints.latest(jobDirectory, notices);
                    if (latest.isEmpty()) {
                        notices.accept("no checkpoint to restore in " + jobDirectory + ": starting from the beginning");
                    } else {
                        job = job.withRestoreFrom(latest.get());
                        notices.accept("restoring from " + latest.get());
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            } else {
                job = job.withRestoreFrom(path(RESTORE, restore));
                notices.accept("restoring from " + job.restoreFrom().get());
            }
        }
        if (settings.containsKey(MEMORY_MAX)) {
            job = job.withMemoryLimit(
                    new MemoryLimit(memorySize(MEMORY_MAX, settings.get(MEMORY_MAX)), "SET '" + MEMORY_MAX + "'"));
        } else if (defaults.memoryMaxBytes() > 0) {
            job = job.withMemoryLimit(new MemoryLimit(
                    defaults.memoryMaxBytes(),
                    "io.sabot.runtime job.max.memory.bytes; a job may SET '" + MEMORY_MAX + "'"));
        }
        return job.withErrorOptions(errorOptions(options, settings));
    }

    /** A memory size in the options' syntax ({@link io.sabot.plugin.OptionType#MEMORY_SIZE}: '256 mb', bytes), positive. */
    static long memorySize(String key, String value) {
        long bytes;
        try {
            bytes = (Long) io.sabot.plugin.OptionType.MEMORY_SIZE.parse(value, java.util.List.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "' = '" + value + "': " + e.getMessage(), e);
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException(
                    "'" + key + "' = '" + value + "' must be positive (the job's memory limit)");
        }
        return bytes;
    }

    /**
     * The job's error handling: the {@code error.*} settings; without a handler chain among them, the executor's seed
     * options ({@code enable_error_recovery}: the {@code retry} handler with {@code max_retries} and {@code
     * retry_delay_ms}). Tables may override them with {@code error.*} options of their own.
     */
    static Map<String, String> errorOptions(ExecutorOptions options, Map<String, String> settings) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith("error.")) {
                errors.put(k, v);
            }
        });
        boolean chain = errors.containsKey("error.handler")
                || errors.containsKey("error.handlers")
                || errors.containsKey("error.strategy");
        if (!chain && options.get(ExecutorOptions.ENABLE_ERROR_RECOVERY)) {
            errors.put("error.handler", "retry");
            errors.putIfAbsent("error.retry.delay", options.get(ExecutorOptions.RETRY_DELAY_MS) + " ms");
        }
        if (options.given(ExecutorOptions.MAX_RETRIES.key())) {
            errors.putIfAbsent("error.max-retries", String.valueOf(options.get(ExecutorOptions.MAX_RETRIES)));
        }
        return errors;
    }

    /**
     * Where a job's savepoints go by default (Flink's {@code state.savepoints.dir}): that setting, else {@code
     * <state_path>/savepoints/<job name>}.
     */
    static Path savepointTarget(ExecutorOptions options, Map<String, String> settings, String sql) {
        if (settings.containsKey(SAVEPOINT_DIRECTORY)) {
            return path(SAVEPOINT_DIRECTORY, settings.get(SAVEPOINT_DIRECTORY)).toAbsolutePath();
        }
        return Path.of(options.get(ExecutorOptions.STATE_PATH))
                .resolve("savepoints")
                .resolve(jobName(settings, sql))
                .toAbsolutePath();
    }

    /**
     * The job's state backend: {@code state.backend.type} (or {@code state.backend}) if SET, else the executor option
     * {@code state_backend}.
     *
     * @throws IllegalArgumentException naming the option and the installed backends when no backend has that name
     */
    static JobOptions stateBackend(
            JobOptions job,
            ExecutorOptions options,
            Map<String, String> settings,
            ConnectorResolver resolver,
            Consumer<String> notices) {
        String key;
        String name;
        if (settings.containsKey(BACKEND_TYPE)) {
            key = "'" + BACKEND_TYPE + "'";
            name = settings.get(BACKEND_TYPE);
        } else if (settings.containsKey(BACKEND_LEGACY)) {
            key = "'" + BACKEND_LEGACY + "'";
            name = settings.get(BACKEND_LEGACY);
        } else {
            key = "executor option " + ExecutorOptions.STATE_BACKEND.key();
            name = options.get(ExecutorOptions.STATE_BACKEND);
        }
        name = name.strip().toLowerCase(Locale.ROOT);
        String incremental = null;
        if (settings.containsKey(INCREMENTAL)) {
            incremental = settings.get(INCREMENTAL).strip().toLowerCase(Locale.ROOT);
            if (!incremental.equals("true") && !incremental.equals("false")) {
                throw new IllegalArgumentException(
                        "'" + INCREMENTAL + "' = '" + settings.get(INCREMENTAL) + "' is not a boolean (true or false)");
            }
        }
        java.util.Optional<io.sabot.state.spi.StateBackendFactory> factory = resolver.stateBackendFactory(name);
        if (factory.isEmpty()) {
            java.util.Set<String> installed = new java.util.TreeSet<>(resolver.stateBackendIdentifiers());
            String list = installed.isEmpty() ? "none" : String.join(", ", installed);
            if (name.equals(MEMORY)) {
                // the default backend is a bundle like any other: without it, a job has nowhere to keep state
                throw new IllegalArgumentException(key + " = 'memory': the memory state backend's bundle"
                        + " (sabot-state-memory) is not installed; installed state backends: " + list);
            }
            throw new IllegalArgumentException(key + " = '" + name + "': no such state backend; installed: " + list);
        }
        io.sabot.plugin.ValidatedOptions validated;
        Map<String, String> backendOptions = new java.util.TreeMap<>();
        String prefix = "state.backend." + name + ".";
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                backendOptions.put(k.substring(prefix.length()), v);
            }
        });
        if (incremental != null) {
            // Flink's job-wide key, for the backends that take incremental checkpoints
            boolean declared =
                    factory.get().options().stream().anyMatch(o -> o.key().equals("incremental"));
            if (declared) {
                backendOptions.putIfAbsent("incremental", incremental);
            } else if (incremental.equals("true")) {
                notices.accept("'" + INCREMENTAL + "' = 'true' has no effect on the " + name + " state backend:"
                        + " it takes no incremental checkpoints");
            }
        }
        validated = factory.get()
                .validate("state backend '" + name + "' (SET '" + prefix + "…')", backendOptions)
                .orThrow();
        if (factory.get().operatorHeapTables(validated)) {
            // the operators keep their own heap tables (memory's default): no backend instance, the fast path
            return job;
        }
        Path local = Path.of(options.get(ExecutorOptions.STATE_PATH)).resolve("local");
        return job.withStateBackend(new StateBackendConfig(factory.get(), validated, local));
    }

    /** {@code pipeline.name} made safe for a directory, or {@code job-} and the first 12 hex digits of SHA-256(sql). */
    static String jobName(Map<String, String> settings, String sql) {
        String name = settings.get(PIPELINE_NAME);
        if (name != null && !name.isBlank()) {
            return name.strip().replaceAll("[^A-Za-z0-9._-]+", "_");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(sql.strip().replaceAll("\\s+", " ").getBytes(StandardCharsets.UTF_8));
            return "job-" + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flink's duration syntax: a number and an optional unit (ms, s, sec, min, h, d; default ms). */
    static Duration duration(String key, String value) {
        Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + key + "' = '" + value + "' is not a duration such as '10 s', '500 ms' or '1 min'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> Duration.ofMillis(n);
            case "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(n);
            case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(n);
            case "h", "hour", "hours" -> Duration.ofHours(n);
            case "d", "day", "days" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(
                    "'" + key + "' = '" + value + "': unknown unit '" + m.group(2) + "' (use ms, s, min, h or d)");
        };
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' = '" + value + "' is not an integer");
        }
    }

    static Path path(String key, String value) {
        String v = value.strip();
        try {
            if (v.startsWith("file:")) {
                return Path.of(URI.create(v));
            }
            if (v.matches("[a-z][a-z0-9+.-]*://.*")) {
                throw new IllegalArgumentException(
                        "'" + key + "' = '" + value + "': only local paths and file:// URIs are supported");
            }
            return Path.of(v);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("'")) {
                throw e;
            }
            throw new IllegalArgumentException(
                    "'" + key + "' = '" + value + "' is not a valid path: " + e.getMessage());
        }
    }
}
