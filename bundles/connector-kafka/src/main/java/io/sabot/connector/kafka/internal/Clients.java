package io.sabot.connector.kafka.internal;

import io.sabot.plugin.ValidatedOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Creates Kafka clients the way that works inside Felix: kafka-clients is embedded in this bundle and loads
 * configured classes through the thread context class loader, so it is set to this bundle's loader while a client is
 * built; serializers are given as {@link Class} objects, never by name.
 */
final class Clients {

    private Clients() {}

    /** Runs {@code factory} with this bundle's class loader as the thread's context class loader. */
    static <T> T create(Supplier<T> factory) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Clients.class.getClassLoader());
        try {
            return factory.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The user's {@code properties.*} settings plus bootstrap servers and group id, for any client. */
    static Map<String, Object> common(ValidatedOptions options) {
        Map<String, Object> config = new HashMap<>(options.passThrough(KafkaOptions.PROPERTIES_PREFIX));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, options.require(KafkaOptions.BOOTSTRAP_SERVERS));
        return config;
    }
}
