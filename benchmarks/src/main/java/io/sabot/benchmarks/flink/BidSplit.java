package io.sabot.benchmarks.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Split {@code number} of {@code count}: event numbers are dealt out in blocks of {@code block} consecutive numbers
 * (one proportion cycle), block {@code j} to split {@code j mod count}, exactly as Sabot's nexmark connector deals
 * them, so that each subtask sees every kind of event and event time advances alike in all splits. {@code next} is
 * the next event number to generate.
 */
public record BidSplit(int number, int count, int block, long end, long next) implements SourceSplit {

    static BidSplit first(int number, int count, int block, long end) {
        return new BidSplit(number, count, block, end, (long) number * block);
    }

    @Override
    public String splitId() {
        return number + "/" + count;
    }

    /** The event number after {@code n} that belongs to this split. */
    long following(long n) {
        long after = n + 1;
        if (after % block != 0) {
            return after;
        }
        return after + (long) (count - 1) * block;
    }

    BidSplit at(long position) {
        return new BidSplit(number, count, block, end, position);
    }

    /** Version 1: number, count, block, end, next. */
    public static final class Serializer implements SimpleVersionedSerializer<BidSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(BidSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(split.number());
                out.writeInt(split.count());
                out.writeInt(split.block());
                out.writeLong(split.end());
                out.writeLong(split.next());
            }
            return bytes.toByteArray();
        }

        @Override
        public BidSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown BidSplit version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new BidSplit(in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong());
            }
        }
    }
}
