package io.sabot.runtime.internal.metrics;

import com.codahale.metrics.health.HealthCheck;
import io.sabot.engine.StateBackendConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A job's state backend plug-in can keep working: its local directory is a writable directory and the job's working
 * directory in it ({@code <job-N>-…}, one folder per operator subtask below, e.g. RocksDB's files) is still there and
 * writable. A backend whose files were removed under it fails at its next write or checkpoint; this says so before.
 */
final class StateBackendHealthCheck extends HealthCheck {

    private final StateBackendConfig backend;
    /** The engine's job directory prefix, e.g. {@code job-3-}. */
    private final String prefix;

    StateBackendHealthCheck(StateBackendConfig backend, String engineJob) {
        this.backend = backend;
        this.prefix = engineJob + "-";
    }

    @Override
    protected Result check() {
        Path local = backend.localDirectory().toAbsolutePath();
        String what = "state backend '" + backend.identifier() + "': ";
        if (!Files.isDirectory(local) || !Files.isWritable(local)) {
            return Result.unhealthy(what + "local directory '" + local + "' is not a writable directory");
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(local, prefix + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && Files.isWritable(dir)) {
                    return Result.healthy(what + "working directory '" + dir + "' is writable");
                }
            }
        } catch (IOException e) {
            return Result.unhealthy(what + "cannot list '" + local + "': " + e);
        }
        return Result.unhealthy(
                what + "the job's working directory '" + local.resolve(prefix + "…") + "' is gone or not writable");
    }
}
