package io.sabot.connector.kafka.internal;

import io.sabot.plugin.VersionedSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The versioned checkpoint formats of the connector's splits, enumerator state and committables. */
final class KafkaSerializers {

    /** Splits. Version 1: topic (UTF), partition (int), offset, stopping offset (longs). */
    static final VersionedSerializer<KafkaSplit> SPLIT = new Serializer<>("split") {
        @Override
        void write(DataOutputStream out, KafkaSplit split) throws IOException {
            writeSplit(out, split);
        }

        @Override
        KafkaSplit read(DataInputStream in) throws IOException {
            return readSplit(in);
        }
    };

    /** Enumerator state. Version 1: known partition count and partitions, split count and splits, discovery flag. */
    static final VersionedSerializer<KafkaEnumeratorState> ENUMERATOR_STATE = new Serializer<>("enumerator state") {
        @Override
        void write(DataOutputStream out, KafkaEnumeratorState state) throws IOException {
            out.writeInt(state.knownPartitions().size());
            for (int p : state.knownPartitions()) {
                out.writeInt(p);
            }
            out.writeInt(state.unassigned().size());
            for (KafkaSplit split : state.unassigned()) {
                writeSplit(out, split);
            }
            out.writeBoolean(state.initialDiscoveryDone());
        }

        @Override
        KafkaEnumeratorState read(DataInputStream in) throws IOException {
            int known = count(in);
            List<Integer> partitions = new ArrayList<>(known);
            for (int i = 0; i < known; i++) {
                partitions.add(in.readInt());
            }
            int unassigned = count(in);
            List<KafkaSplit> splits = new ArrayList<>(unassigned);
            for (int i = 0; i < unassigned; i++) {
                splits.add(readSplit(in));
            }
            return new KafkaEnumeratorState(partitions, splits, in.readBoolean());
        }
    };

    /** Committables. Version 1: transactional id (UTF), producer id (long), epoch (short). */
    static final VersionedSerializer<KafkaCommittable> COMMITTABLE = new Serializer<>("committable") {
        @Override
        void write(DataOutputStream out, KafkaCommittable c) throws IOException {
            out.writeUTF(c.transactionalId());
            out.writeLong(c.producerId());
            out.writeShort(c.epoch());
        }

        @Override
        KafkaCommittable read(DataInputStream in) throws IOException {
            return new KafkaCommittable(in.readUTF(), in.readLong(), in.readShort());
        }
    };

    private KafkaSerializers() {}

    private static void writeSplit(DataOutputStream out, KafkaSplit split) throws IOException {
        out.writeUTF(split.topic());
        out.writeInt(split.partition());
        out.writeLong(split.offset());
        out.writeLong(split.stoppingOffset());
    }

    private static KafkaSplit readSplit(DataInputStream in) throws IOException {
        try {
            return new KafkaSplit(in.readUTF(), in.readInt(), in.readLong(), in.readLong());
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt Kafka split: " + e.getMessage(), e);
        }
    }

    private static int count(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("corrupt Kafka enumerator state: " + count + " entries");
        }
        return count;
    }

    /** Version 1 of everything; reading another version fails naming it. */
    private abstract static class Serializer<T> implements VersionedSerializer<T> {
        private final String what;

        Serializer(String what) {
            this.what = what;
        }

        abstract void write(DataOutputStream out, T value) throws IOException;

        abstract T read(DataInputStream in) throws IOException;

        @Override
        public int version() {
            return 1;
        }

        @Override
        public byte[] serialize(T value) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(out, value);
            }
            return bytes.toByteArray();
        }

        @Override
        public T deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("cannot read Kafka " + what + " serialized with version " + version
                        + ": this bundle reads version 1");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                T value = read(in);
                if (in.available() > 0) {
                    throw new IOException("corrupt Kafka " + what + ": " + in.available() + " trailing bytes");
                }
                return value;
            } catch (EOFException e) {
                throw new IOException("corrupt Kafka " + what + ": truncated", e);
            }
        }
    }
}
