package io.sabot.connector.datagen.internal;

import io.sabot.plugin.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The versioned checkpoint formats of datagen's split and enumerator state. */
final class DatagenSerializers {

    /** Splits. Version 1: number (int), seed, start, end, next (longs), big-endian. */
    static final VersionedSerializer<DatagenSplit> SPLIT = new VersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(DatagenSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(36);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeSplit(out, split);
            }
            return bytes.toByteArray();
        }

        @Override
        public DatagenSplit deserialize(int version, byte[] serialized) throws IOException {
            checkVersion("split", version, 1);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                DatagenSplit split = readSplit(in);
                checkConsumed("split", in);
                return split;
            }
        }
    };

    /** Enumerator state. Version 1: count (int), then each split as in {@link #SPLIT} version 1. */
    static final VersionedSerializer<DatagenEnumeratorState> ENUMERATOR_STATE = new VersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(DatagenEnumeratorState state) throws IOException {
            ByteArrayOutputStream bytes =
                    new ByteArrayOutputStream(4 + 36 * state.unassigned().size());
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(state.unassigned().size());
                for (DatagenSplit split : state.unassigned()) {
                    writeSplit(out, split);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public DatagenEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            checkVersion("enumerator state", version, 1);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int count = in.readInt();
                if (count < 0 || count > serialized.length / 36) {
                    throw new IOException("corrupt datagen enumerator state: " + count + " splits in "
                            + serialized.length + " bytes");
                }
                List<DatagenSplit> splits = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    splits.add(readSplit(in));
                }
                checkConsumed("enumerator state", in);
                return new DatagenEnumeratorState(splits);
            }
        }
    };

    private DatagenSerializers() {}

    private static void writeSplit(DataOutputStream out, DatagenSplit split) throws IOException {
        out.writeInt(split.number());
        out.writeLong(split.seed());
        out.writeLong(split.start());
        out.writeLong(split.end());
        out.writeLong(split.next());
    }

    private static DatagenSplit readSplit(DataInputStream in) throws IOException {
        try {
            return new DatagenSplit(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        } catch (EOFException e) {
            throw new IOException("corrupt datagen split: truncated", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt datagen split: " + e.getMessage(), e);
        }
    }

    private static void checkVersion(String what, int version, int supported) throws IOException {
        if (version != supported) {
            throw new IOException("cannot read datagen " + what + " serialized with version " + version
                    + ": this bundle reads version " + supported);
        }
    }

    private static void checkConsumed(String what, DataInputStream in) throws IOException {
        if (in.available() > 0) {
            throw new IOException("corrupt datagen " + what + ": " + in.available() + " trailing bytes");
        }
    }
}
