package io.sabot.testing.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Test;

/** The fixture starts a real broker that does transactions, and leaves nothing behind. */
public class KafkaBrokerTest {

    @Test
    public void transactionsWorkAndCloseLeavesNoProcess() throws Exception {
        long pid;
        Path directory;
        try (KafkaBroker broker = KafkaBroker.start()) {
            pid = broker.pid();
            directory = broker.directory();
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            broker.createTopic("tx", 4);

            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fixture-test");
            producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            Set<String> committed = new HashSet<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
                producer.initTransactions();
                producer.beginTransaction();
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("tx", i % 4, null, "aborted-" + i));
                }
                producer.abortTransaction();
                producer.beginTransaction();
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("tx", i % 4, null, "committed-" + i));
                    committed.add("committed-" + i);
                }
                producer.commitTransaction();
            }

            Properties consumerProps = new Properties();
            consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            List<String> read = new ArrayList<>();
            Set<Integer> partitions = new HashSet<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
                List<TopicPartition> all = new ArrayList<>();
                for (int p = 0; p < 4; p++) {
                    all.add(new TopicPartition("tx", p));
                }
                consumer.assign(all);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (read.size() < committed.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        read.add(record.value());
                        partitions.add(record.partition());
                    }
                }
            }
            assertEquals(committed, new HashSet<>(read));
            assertEquals("no duplicates, nothing aborted", committed.size(), read.size());
            assertEquals(Set.of(0, 1, 2, 3), partitions);
        }
        assertFalse(
                "broker process gone",
                ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertFalse("directory deleted", Files.exists(directory));
    }

    /** A broker killed and restarted keeps its address, its topics and the records written before the crash. */
    @Test
    public void restartKeepsTopicsAndRecords() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("kept", 2);
            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("kept", i % 2, null, "before-" + i));
                }
                producer.flush();
            }
            long first = broker.pid();
            broker.restart(Duration.ofMillis(500));
            assertFalse(
                    "old process gone",
                    ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(broker.pid() != first);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
                for (int i = 0; i < 50; i++) {
                    producer.send(new ProducerRecord<>("kept", i % 2, null, "after-" + i));
                }
                producer.flush();
            }
            Properties consumerProps = new Properties();
            consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            Set<String> read = new HashSet<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
                consumer.assign(List.of(new TopicPartition("kept", 0), new TopicPartition("kept", 1)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (read.size() < 100 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
                }
            }
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                expected.add("before-" + i);
                expected.add("after-" + i);
            }
            assertEquals(expected, read);
        }
    }

    /** A test JVM killed outright (no shutdown hooks) takes its broker with it. */
    @Test
    public void brokerDiesWithItsParentJvm() throws Exception {
        Process parent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerParent.class.getName())
                .redirectErrorStream(true)
                .start();
        long brokerPid;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("BROKER ")) {
                // the child's log
            }
            assertTrue("the parent started a broker", line != null);
            brokerPid = Long.parseLong(line.substring("BROKER ".length()).trim());
            assertTrue(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false));
            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
            parent.waitFor(10, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(
                    "broker " + brokerPid + " still alive 15 s after its parent was killed",
                    System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    /** The JVM that {@link #brokerDiesWithItsParentJvm} kills. */
    public static final class BrokerParent {
        public static void main(String[] args) throws Exception {
            KafkaBroker broker = KafkaBroker.start();
            System.out.println("BROKER " + broker.pid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
