package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.source.SourceSplit;

/**
 * One file to read, with the position of its next unread line.
 *
 * @param path the file's absolute path; also the split's id
 * @param offset the byte offset of the next unread line (0 for a file not started)
 * @param line the 1-based number of that line, for error messages
 */
record FileSplit(String path, long offset, long line) implements SourceSplit {

    FileSplit {
        if (path == null || path.isEmpty() || offset < 0 || line < 1) {
            throw new IllegalArgumentException(
                    "invalid file split '" + path + "' at byte " + offset + ", line " + line);
        }
    }

    /** A split for a file not started. */
    static FileSplit of(String path) {
        return new FileSplit(path, 0, 1);
    }

    @Override
    public String splitId() {
        return path;
    }
}
