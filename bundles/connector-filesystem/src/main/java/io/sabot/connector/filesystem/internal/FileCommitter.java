package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.sink.Committer;
import io.sabot.plugin.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes pending part files visible by renaming them within their directory (atomic on a local file system), or
 * deletes them. Idempotent: a part already visible counts as committed, so committables replayed after a crash
 * commit again without harm.
 */
final class FileCommitter implements Committer<PendingFile> {

    private final String tableName;

    FileCommitter(String tableName) {
        this.tableName = tableName;
    }

    @Override
    public void commit(List<PendingFile> committables) {
        Set<Path> directories = new LinkedHashSet<>();
        for (PendingFile file : committables) {
            Path pending = file.pendingPath();
            Path visible = file.visiblePath();
            if (Files.exists(visible)) {
                if (Files.exists(pending)) {
                    throw new PluginException(
                            "table '" + tableName + "': cannot commit '" + pending + "': '" + visible
                                    + "' exists already and is another file",
                            false);
                }
                continue; // committed before
            }
            try {
                Files.move(pending, visible, StandardCopyOption.ATOMIC_MOVE);
                directories.add(visible.getParent());
            } catch (NoSuchFileException e) {
                if (!Files.exists(visible)) {
                    throw new PluginException(
                            "table '" + tableName + "': cannot commit '" + visible + "' of checkpoint "
                                    + file.checkpointId() + ": its pending file '" + pending
                                    + "' is gone (aborted or deleted by hand); its rows would be lost",
                            e,
                            false);
                }
            } catch (IOException e) {
                throw new PluginException(
                        "table '" + tableName + "': cannot commit '" + pending + "' as '" + visible + "': " + e,
                        e,
                        true);
            }
        }
        directories.forEach(PartFiles::syncDirectory);
    }

    @Override
    public void abort(List<PendingFile> committables) {
        for (PendingFile file : committables) {
            try {
                Files.deleteIfExists(file.pendingPath());
            } catch (IOException e) {
                throw new PluginException(
                        "table '" + tableName + "': cannot delete aborted '" + file.pendingPath() + "': " + e, e, true);
            }
        }
    }
}
