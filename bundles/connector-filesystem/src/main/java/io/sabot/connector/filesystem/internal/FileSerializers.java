package io.sabot.connector.filesystem.internal;

import io.sabot.plugin.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The versioned checkpoint formats of the connector's splits, enumerator state and committables. */
final class FileSerializers {

    /** Splits. Version 1: path (string), offset, line (longs). Strings are an int length and UTF-8 bytes. */
    static final VersionedSerializer<FileSplit> SPLIT = new VersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(FileSplit split) throws IOException {
            ByteArrayOutputStream bytes =
                    new ByteArrayOutputStream(64 + split.path().length());
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeSplit(out, split);
            }
            return bytes.toByteArray();
        }

        @Override
        public FileSplit deserialize(int version, byte[] serialized) throws IOException {
            checkVersion("split", version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                FileSplit split = readSplit(in);
                checkConsumed("split", in);
                return split;
            }
        }
    };

    /** Enumerator state. Version 1: split count and splits as in {@link #SPLIT}, path count and paths, listed flag. */
    static final VersionedSerializer<FileEnumeratorState> ENUMERATOR_STATE = new VersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(FileEnumeratorState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(state.unassigned().size());
                for (FileSplit split : state.unassigned()) {
                    writeSplit(out, split);
                }
                out.writeInt(state.seen().size());
                for (String path : state.seen()) {
                    writeString(out, path);
                }
                out.writeBoolean(state.listed());
            }
            return bytes.toByteArray();
        }

        @Override
        public FileEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            checkVersion("enumerator state", version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int splitCount = count(in, serialized.length);
                List<FileSplit> splits = new ArrayList<>(splitCount);
                for (int i = 0; i < splitCount; i++) {
                    splits.add(readSplit(in));
                }
                int pathCount = count(in, serialized.length);
                List<String> seen = new ArrayList<>(pathCount);
                for (int i = 0; i < pathCount; i++) {
                    seen.add(readString(in));
                }
                boolean listed = in.readBoolean();
                checkConsumed("enumerator state", in);
                return new FileEnumeratorState(splits, seen, listed);
            } catch (EOFException e) {
                throw new IOException("corrupt filesystem enumerator state: truncated", e);
            }
        }
    };

    /** Committables. Version 1: directory, pending name, visible name (strings), checkpoint id, size (longs). */
    static final VersionedSerializer<PendingFile> PENDING_FILE = new VersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(PendingFile file) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeString(out, file.directory());
                writeString(out, file.pendingName());
                writeString(out, file.visibleName());
                out.writeLong(file.checkpointId());
                out.writeLong(file.size());
            }
            return bytes.toByteArray();
        }

        @Override
        public PendingFile deserialize(int version, byte[] serialized) throws IOException {
            checkVersion("committable", version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                PendingFile file =
                        new PendingFile(readString(in), readString(in), readString(in), in.readLong(), in.readLong());
                checkConsumed("committable", in);
                return file;
            } catch (EOFException e) {
                throw new IOException("corrupt filesystem committable: truncated", e);
            }
        }
    };

    private FileSerializers() {}

    private static void writeSplit(DataOutputStream out, FileSplit split) throws IOException {
        writeString(out, split.path());
        out.writeLong(split.offset());
        out.writeLong(split.line());
    }

    private static FileSplit readSplit(DataInputStream in) throws IOException {
        try {
            return new FileSplit(readString(in), in.readLong(), in.readLong());
        } catch (EOFException e) {
            throw new IOException("corrupt filesystem split: truncated", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt filesystem split: " + e.getMessage(), e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("corrupt filesystem checkpoint data: a string of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in, int maximum) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > maximum) {
            throw new IOException(
                    "corrupt filesystem enumerator state: " + count + " entries in " + maximum + " bytes");
        }
        return count;
    }

    private static void checkVersion(String what, int version) throws IOException {
        if (version != 1) {
            throw new IOException("cannot read filesystem " + what + " serialized with version " + version
                    + ": this bundle reads version 1");
        }
    }

    private static void checkConsumed(String what, DataInputStream in) throws IOException {
        if (in.available() > 0) {
            throw new IOException("corrupt filesystem " + what + ": " + in.available() + " trailing bytes");
        }
    }
}
