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
import org.apache.kafka.common.TopicPartition;

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

    /**
     * Enumerator state. Version 2: known topic-partition count, each topic (UTF) and partition (int), split count and
     * splits, discovery flag. Version 1 (one topic per table) held partitions without topic; it is still read.
     */
    static final VersionedSerializer<KafkaEnumeratorState> ENUMERATOR_STATE =
            new Serializer<>("enumerator state", 2, 1) {
                @Override
                void write(DataOutputStream out, KafkaEnumeratorState state) throws IOException {
                    out.writeInt(state.knownPartitions().size());
                    for (TopicPartition tp : state.knownPartitions()) {
                        out.writeUTF(tp.topic());
                        out.writeInt(tp.partition());
                    }
                    out.writeInt(state.unassigned().size());
                    for (KafkaSplit split : state.unassigned()) {
                        writeSplit(out, split);
                    }
                    out.writeBoolean(state.initialDiscoveryDone());
                }

                @Override
                KafkaEnumeratorState read(DataInputStream in, int version) throws IOException {
                    int known = count(in);
                    List<TopicPartition> partitions = new ArrayList<>(known);
                    for (int i = 0; i < known; i++) {
                        String topic = version == 1 ? KafkaEnumeratorState.SINGLE_TOPIC : in.readUTF();
                        partitions.add(new TopicPartition(topic, in.readInt()));
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

    /** Writes its newest version; reads that and older ones down to {@code oldest}; another version fails naming it. */
    private abstract static class Serializer<T> implements VersionedSerializer<T> {
        private final String what;
        private final int version;
        private final int oldest;

        Serializer(String what) {
            this(what, 1, 1);
        }

        Serializer(String what, int version, int oldest) {
            this.what = what;
            this.version = version;
            this.oldest = oldest;
        }

        abstract void write(DataOutputStream out, T value) throws IOException;

        /** Reads a value written by {@code version} (one this serializer reads). */
        T read(DataInputStream in, int version) throws IOException {
            return read(in);
        }

        T read(DataInputStream in) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public int version() {
            return version;
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
            if (version < oldest || version > this.version) {
                throw new IOException("cannot read Kafka " + what + " serialized with version " + version
                        + ": this bundle reads version" + (oldest == this.version ? " " : "s " + oldest + " to ")
                        + this.version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                T value = read(in, version);
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
