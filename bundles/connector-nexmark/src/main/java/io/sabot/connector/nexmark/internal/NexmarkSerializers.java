package io.sabot.connector.nexmark.internal;

import io.sabot.plugin.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The versioned checkpoint formats of nexmark's split and enumerator state. */
final class NexmarkSerializers {

    /** Bytes of one split in version 1. */
    private static final int SPLIT_BYTES = 4 + 4 + 4 + 8 + 8 + 8;

    /** Splits. Version 1: number, count, block (ints), end, baseTime, next (longs), big-endian. */
    static final VersionedSerializer<NexmarkSplit> SPLIT = new VersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(NexmarkSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(SPLIT_BYTES);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeSplit(out, split);
            }
            return bytes.toByteArray();
        }

        @Override
        public NexmarkSplit deserialize(int version, byte[] serialized) throws IOException {
            checkVersion("split", version, 1);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                NexmarkSplit split = readSplit(in);
                checkConsumed("split", in);
                return split;
            }
        }
    };

    /** Enumerator state. Version 1: count (int), then each split as in {@link #SPLIT} version 1. */
    static final VersionedSerializer<NexmarkEnumeratorState> ENUMERATOR_STATE = new VersionedSerializer<>() {
        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(NexmarkEnumeratorState state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                    4 + SPLIT_BYTES * state.unassigned().size());
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(state.unassigned().size());
                for (NexmarkSplit split : state.unassigned()) {
                    writeSplit(out, split);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public NexmarkEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
            checkVersion("enumerator state", version, 1);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int count = in.readInt();
                if (count < 0 || count > serialized.length / SPLIT_BYTES) {
                    throw new IOException("corrupt nexmark enumerator state: " + count + " splits in "
                            + serialized.length + " bytes");
                }
                List<NexmarkSplit> splits = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    splits.add(readSplit(in));
                }
                checkConsumed("enumerator state", in);
                return new NexmarkEnumeratorState(splits);
            }
        }
    };

    private NexmarkSerializers() {}

    private static void writeSplit(DataOutputStream out, NexmarkSplit split) throws IOException {
        out.writeInt(split.number());
        out.writeInt(split.count());
        out.writeInt(split.block());
        out.writeLong(split.end());
        out.writeLong(split.baseTime());
        out.writeLong(split.next());
    }

    private static NexmarkSplit readSplit(DataInputStream in) throws IOException {
        try {
            return new NexmarkSplit(
                    in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong(), in.readLong());
        } catch (EOFException e) {
            throw new IOException("corrupt nexmark split: truncated", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt nexmark split: " + e.getMessage(), e);
        }
    }

    private static void checkVersion(String what, int version, int supported) throws IOException {
        if (version != supported) {
            throw new IOException("cannot read nexmark " + what + " serialized with version " + version
                    + ": this bundle reads version " + supported);
        }
    }

    private static void checkConsumed(String what, DataInputStream in) throws IOException {
        if (in.available() > 0) {
            throw new IOException("corrupt nexmark " + what + ": " + in.available() + " trailing bytes");
        }
    }
}
