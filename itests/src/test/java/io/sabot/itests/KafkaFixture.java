package io.sabot.itests;

import io.sabot.testing.kafka.KafkaBroker;

/**
 * The broker of the Kafka tests in the container, started on the test driver's side (outside the framework, before
 * it) once per JVM; it dies with the JVM (the fixture's shutdown hook and lifeline). Only {@code @Configuration}
 * methods call it: the classes of the fixture and of kafka-clients are never needed inside Felix.
 */
final class KafkaFixture {

    private static KafkaBroker broker;
    private static KafkaBroker saslBroker;

    private KafkaFixture() {}

    /** Starts the broker if needed, creates the topic, and returns the bootstrap servers. */
    static synchronized String bootstrapServers(String topic, int partitions) {
        try {
            if (broker == null) {
                broker = KafkaBroker.start();
            }
            broker.createTopic(topic, partitions);
            return broker.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Kafka broker for the container tests: " + e, e);
        }
    }

    /**
     * Starts (once per JVM) a second broker with a SASL_PLAINTEXT listener accepting {@code user}/{@code password},
     * creates the topic, and returns the SASL listener's bootstrap servers.
     */
    static synchronized String saslBootstrapServers(String topic, int partitions, String user, String password) {
        try {
            if (saslBroker == null) {
                saslBroker = KafkaBroker.builder().saslPlainUser(user, password).start();
            }
            saslBroker.createTopic(topic, partitions);
            return saslBroker.saslBootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the SASL Kafka broker for the container tests: " + e, e);
        }
    }
}
