package io.sabot.connector.kafka.internal;

/**
 * A pre-committed (flushed, still open) Kafka transaction: enough to resume and commit or abort it from another
 * producer instance, also after a restart.
 */
record KafkaCommittable(String transactionalId, long producerId, short epoch) {}
