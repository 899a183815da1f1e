package io.sabot.connector.filesystem.internal;

import java.nio.file.Path;

/**
 * A committable: a part file written, flushed to disk and renamed to its hidden pending name at a checkpoint,
 * waiting to be renamed to its visible name when the checkpoint completes.
 *
 * @param directory the target directory
 * @param pendingName the hidden name it has now, e.g. {@code .part-<uuid>-0-3.csv.17.pending}
 * @param visibleName the name it gets on commit, e.g. {@code part-<uuid>-0-3.csv}
 * @param checkpointId the checkpoint it was pre-committed for
 * @param size its size in bytes
 */
record PendingFile(String directory, String pendingName, String visibleName, long checkpointId, long size) {

    Path pendingPath() {
        return Path.of(directory, pendingName);
    }

    Path visiblePath() {
        return Path.of(directory, visibleName);
    }
}
