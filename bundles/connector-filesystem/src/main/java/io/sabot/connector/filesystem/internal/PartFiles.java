package io.sabot.connector.filesystem.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Names of the sink's part files. A part is written as {@code .part-<uuid>-<subtask>-<n>.inprogress}, renamed at a
 * checkpoint to {@code .part-<uuid>-<subtask>-<n>.<ext>.<checkpoint>.pending} and on commit to {@code
 * part-<uuid>-<subtask>-<n>.<ext>}. The first two are hidden (a leading dot), so that readers of the directory,
 * this connector's source included, only ever see committed files.
 */
final class PartFiles {

    enum Kind {
        IN_PROGRESS,
        PENDING
    }

    /** A parsed hidden part name. */
    record Hidden(String uuid, int subtask, long part, Kind kind, long checkpointId) {}

    private static final String PREFIX = ".part-";
    private static final String IN_PROGRESS = ".inprogress";
    private static final String PENDING = ".pending";
    private static final int UUID_LENGTH = 36;

    private PartFiles() {}

    static String inProgress(String uuid, int subtask, long part) {
        return PREFIX + uuid + "-" + subtask + "-" + part + IN_PROGRESS;
    }

    static String pending(String uuid, int subtask, long part, String extension, long checkpointId) {
        return PREFIX + uuid + "-" + subtask + "-" + part + "." + extension + "." + checkpointId + PENDING;
    }

    static String visible(String uuid, int subtask, long part, String extension) {
        return "part-" + uuid + "-" + subtask + "-" + part + "." + extension;
    }

    /** The hidden part name {@code name} describes, or null for any other file. */
    static Hidden parse(String name) {
        if (!name.startsWith(PREFIX) || name.length() < PREFIX.length() + UUID_LENGTH + 4) {
            return null;
        }
        String uuid = name.substring(PREFIX.length(), PREFIX.length() + UUID_LENGTH);
        String rest = name.substring(PREFIX.length() + UUID_LENGTH);
        try {
            if (rest.charAt(0) != '-') {
                return null;
            }
            int dash = rest.indexOf('-', 1);
            int dot = rest.indexOf('.', dash);
            if (dash < 0 || dot < 0) {
                return null;
            }
            int subtask = Integer.parseInt(rest.substring(1, dash));
            long part = Long.parseLong(rest.substring(dash + 1, dot));
            String suffix = rest.substring(dot);
            if (suffix.equals(IN_PROGRESS)) {
                return new Hidden(uuid, subtask, part, Kind.IN_PROGRESS, -1);
            }
            if (suffix.endsWith(PENDING)) {
                String withoutPending = suffix.substring(0, suffix.length() - PENDING.length());
                long checkpointId = Long.parseLong(withoutPending.substring(withoutPending.lastIndexOf('.') + 1));
                return new Hidden(uuid, subtask, part, Kind.PENDING, checkpointId);
            }
            return null;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * After a restore from checkpoint {@code restoredCheckpointId}, deletes what writers of subtask {@code subtask}
     * left behind that was never committed and never will be: every in-progress part, and pending parts of later
     * checkpoints. Subtask 0 also cleans up after subtasks that no longer exist (a lower parallelism). Pending parts
     * of the restored checkpoint and earlier ones are left to the committer, which commits them again.
     *
     * @return the deleted files
     */
    static List<Path> deleteLeftovers(Path directory, int subtask, int parallelism, long restoredCheckpointId)
            throws IOException {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, PREFIX + "*")) {
            for (Path entry : entries) {
                Hidden hidden = parse(entry.getFileName().toString());
                if (hidden == null) {
                    continue;
                }
                boolean mine = hidden.subtask() == subtask || (subtask == 0 && hidden.subtask() >= parallelism);
                boolean dead = hidden.kind() == Kind.IN_PROGRESS || hidden.checkpointId() > restoredCheckpointId;
                if (mine && dead && Files.deleteIfExists(entry)) {
                    deleted.add(entry);
                }
            }
        }
        return deleted;
    }

    /** Makes renames in {@code directory} durable; best effort where the platform cannot sync a directory. */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open or sync a directory; the renames stand, durability is the OS's
        }
    }
}
