package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.source.SourceSplit;

/**
 * One partition with the offset of its next unread record.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the next offset to read (the consumer position)
 * @param stoppingOffset the offset to stop before, or {@link #NO_STOP} for an unbounded read
 */
record KafkaSplit(String topic, int partition, long offset, long stoppingOffset) implements SourceSplit {

    static final long NO_STOP = Long.MAX_VALUE;

    KafkaSplit {
        if (topic == null || topic.isEmpty() || partition < 0 || offset < 0 || stoppingOffset < 0) {
            throw new IllegalArgumentException("invalid Kafka split " + topic + "-" + partition + " at offset " + offset
                    + ", stopping at " + stoppingOffset);
        }
    }

    @Override
    public String splitId() {
        return topic + "-" + partition;
    }

    boolean isFinishedAt(long position) {
        return position >= stoppingOffset;
    }

    KafkaSplit at(long position) {
        return new KafkaSplit(topic, partition, position, stoppingOffset);
    }
}
