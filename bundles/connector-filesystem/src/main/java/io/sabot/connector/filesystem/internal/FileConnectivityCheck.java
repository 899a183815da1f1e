package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.ConnectivityCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A filesystem table's path is there: readable for a table the job reads (a file, or a directory it can list), a
 * writable directory for one it writes. Local file attributes only, so the timeout is not needed.
 */
final class FileConnectivityCheck implements ConnectivityCheck {

    private final String tableName;
    private final Path path;
    private final boolean written;

    FileConnectivityCheck(String tableName, Path path, boolean written) {
        this.tableName = tableName;
        this.path = path.toAbsolutePath().normalize();
        this.written = written;
    }

    @Override
    public Result check(Duration timeout) {
        String what = "table '" + tableName + "': path '" + path + "'";
        if (!Files.exists(path)) {
            return Result.unhealthy(what + " does not exist");
        }
        if (written) {
            return Files.isDirectory(path) && Files.isWritable(path)
                    ? Result.healthy(what + " is a writable directory")
                    : Result.unhealthy(what + " is not a writable directory");
        }
        if (!Files.isReadable(path) || (Files.isDirectory(path) && !Files.isExecutable(path))) {
            return Result.unhealthy(what + " is not readable");
        }
        return Result.healthy(what + " is readable");
    }
}
