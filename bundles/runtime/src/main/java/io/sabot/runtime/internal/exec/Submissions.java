package io.sabot.runtime.internal.exec;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.RuntimeSettings;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scripts submitted to the container ({@code JobRegistry.submit}, the HTTP API's {@code POST /jobs}). */
final class Submissions {

    private Submissions() {}

    /**
     * The executor options of a job the container runs on its own (submitted or declared as configuration): the
     * runtime settings' parallelism, max parallelism, state backend, watermark idle timeout and checkpoint interval,
     * state under {@code data/state}.
     *
     * @param parallelism 0 for the runtime's default
     * @param statePath blank for {@code <sabot.home>/data/state}
     */
    static Map<String, Object> containerOptions(RuntimeSettings settings, int parallelism, String statePath) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (settings == null) {
            options.put("parallelism", Math.max(1, parallelism));
            options.put("state_path", statePath.isBlank() ? defaultStatePath().toString() : statePath.strip());
            return options;
        }
        options.put("parallelism", parallelism > 0 ? parallelism : settings.defaultParallelism());
        options.put("max_parallelism", settings.maxParallelism());
        options.put("state_path", statePath.isBlank() ? defaultStatePath().toString() : statePath.strip());
        options.put("state_backend", settings.stateBackend());
        options.put("watermark_idle_timeout_ms", settings.watermarkIdleTimeout().toMillis());
        long interval = settings.checkpointInterval().toSeconds();
        if (interval > 0) {
            options.put("checkpoint_interval_seconds", interval);
        }
        return options;
    }

    /** A tenant's state directory under a state path: {@code <state_path>/tenants/<tenant>}. */
    static Path tenantStatePath(Path statePath, String tenant) {
        return statePath.resolve("tenants").resolve(tenant);
    }

    static Path defaultStatePath() {
        String home = System.getProperty("sabot.home");
        return home != null
                ? Path.of(home, "data", "state")
                : Path.of(System.getProperty("java.io.tmpdir"), "sabot-state");
    }

    /** See {@code JobRegistry.submit}. */
    static List<JobInfo> submit(RuntimeSettings runtime, String script, String name, Map<String, String> settings) {
        return submit(runtime, script, name, settings, null);
    }

    /** See {@code JobRegistry.submit}; {@code tenant}: run the jobs as this tenant's, or null. */
    static List<JobInfo> submit(
            RuntimeSettings runtime, String script, String name, Map<String, String> settings, String tenant) {
        if (script == null || script.isBlank()) {
            throw new IllegalArgumentException("the script is empty");
        }
        StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .options(containerOptions(runtime, 0, ""))
                .tenant(tenant)
                .build();
        ((SqlExecutor) executor).followRuntimeDefaults(runtime);
        List<QueryResult> results;
        try {
            for (Map.Entry<String, String> e : settings.entrySet()) {
                try {
                    executor.executeDdl("SET " + quote(e.getKey()) + " = " + quote(e.getValue()));
                } catch (RuntimeException bad) {
                    throw new IllegalArgumentException("setting '" + e.getKey() + "': " + bad.getMessage(), bad);
                }
            }
            results = ((SqlExecutor) executor).submit(script, name == null || name.isBlank() ? null : name.strip());
        } catch (RuntimeException e) {
            executor.close();
            throw e;
        }
        // The executor lives as long as its jobs: closing it earlier would cancel them.
        Thread reaper = new Thread(
                () -> {
                    try {
                        for (QueryResult result : results) {
                            result.awaitTermination();
                            result.close();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        executor.close();
                    }
                },
                "sabot-submitted-" + results.get(0).jobId().split(" ")[0]);
        reaper.setDaemon(true);
        reaper.start();
        return results.stream().map(QueryResult::info).toList();
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
