package io.sabot.connector.kafka.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.internals.TransactionManager;

/**
 * Reads and sets the producer id and epoch of a transactional {@link KafkaProducer}, so that a transaction flushed by
 * one producer instance can be committed or aborted by another (the committer, possibly after a restart). Kafka's
 * public API has no such call: this puts the client's transaction manager into the state {@code initTransactions} and
 * a first {@code send} would have left it in, with the given identity, as Flink's Kafka sink does. Tied to
 * kafka-clients' internals; the bundle embeds the one version it was tested with, and a mismatch fails loudly with
 * {@link IllegalStateException}.
 */
final class ResumableProducer {

    private static final String STATE_ENUM = "org.apache.kafka.clients.producer.internals.TransactionManager$State";

    private ResumableProducer() {}

    /** A transactional producer with {@code transactionalId}; serializers given as classes. */
    static KafkaProducer<byte[], byte[]> create(Map<String, Object> config) {
        return Clients.create(() -> new KafkaProducer<>(config));
    }

    static long producerId(KafkaProducer<?, ?> producer) {
        return (long) field(producerIdAndEpoch(producer), "producerId");
    }

    static short epoch(KafkaProducer<?, ?> producer) {
        return (short) field(producerIdAndEpoch(producer), "epoch");
    }

    /**
     * Makes {@code producer} (transactional, never initialised) own the open transaction of {@code producerId} and
     * {@code epoch}, so that {@code commitTransaction} or {@code abortTransaction} ends it.
     */
    static void resume(KafkaProducer<?, ?> producer, long producerId, short epoch) {
        Object manager = transactionManager(producer);
        synchronized (manager) {
            transition(manager, "INITIALIZING");
            invoke(field(manager, "txnPartitionMap"), "reset");
            set(manager, "producerIdAndEpoch", newProducerIdAndEpoch(producerId, epoch));
            transition(manager, "READY");
            transition(manager, "IN_TRANSACTION");
            // only pre-committed transactions that hold records are resumed, so an EndTxn must reach the broker
            set(manager, "transactionStarted", true);
        }
    }

    static void closeNow(KafkaProducer<?, ?> producer) {
        producer.close(Duration.ZERO); // no abort of an open transaction: the committer ends it
    }

    private static Object transactionManager(KafkaProducer<?, ?> producer) {
        Object manager = field(producer, KafkaProducer.class, "transactionManager");
        if (manager == null) {
            throw new IllegalStateException("the producer is not transactional");
        }
        return manager;
    }

    private static Object producerIdAndEpoch(KafkaProducer<?, ?> producer) {
        return field(transactionManager(producer), "producerIdAndEpoch");
    }

    private static Object newProducerIdAndEpoch(long producerId, short epoch) {
        try {
            Class<?> type = TransactionManager.class
                    .getDeclaredField("producerIdAndEpoch")
                    .getType();
            Constructor<?> constructor = type.getDeclaredConstructor(long.class, short.class);
            constructor.setAccessible(true);
            return constructor.newInstance(producerId, epoch);
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void transition(Object manager, String state) {
        try {
            Class<Enum> states =
                    (Class<Enum>) Class.forName(STATE_ENUM, false, TransactionManager.class.getClassLoader());
            Method method = manager.getClass().getDeclaredMethod("transitionTo", states);
            method.setAccessible(true);
            method.invoke(manager, Enum.valueOf(states, state));
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static void invoke(Object target, String name) {
        try {
            Method method = target.getClass().getDeclaredMethod(name);
            method.setAccessible(true);
            method.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static Object field(Object target, String name) {
        return field(target, target.getClass(), name);
    }

    private static Object field(Object target, Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static void set(Object target, String name, Object value) {
        try {
            Field field = target.getClass().getDeclaredField(name);
            field.setAccessible(true);
            field.set(target, value);
        } catch (ReflectiveOperationException e) {
            throw incompatible(e);
        }
    }

    private static IllegalStateException incompatible(ReflectiveOperationException e) {
        return new IllegalStateException(
                "this kafka-clients version cannot resume transactions (internal API changed): " + e, e);
    }
}
