package io.sabot.testing.kafka;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.Test;

/** The optional SASL_PLAINTEXT listener accepts its PLAIN users and refuses a wrong password. */
public class KafkaBrokerSaslTest {

    @Test
    public void saslListenerAuthenticatesPlainUsers() throws Exception {
        try (KafkaBroker broker =
                KafkaBroker.builder().saslPlainUser("alice", "al1ce-pw").start()) {
            assertTrue(broker.saslBootstrapServers().startsWith("127.0.0.1:"));
            assertTrue(!broker.saslBootstrapServers().equals(broker.bootstrapServers()));
            broker.createTopic("sasl", 1);
            try (Admin admin = Admin.create(props(broker, "al1ce-pw"))) {
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("sasl"));
            }
            try (Admin admin = Admin.create(props(broker, "wrong-pw"))) {
                admin.listTopics().names().get(30, TimeUnit.SECONDS);
                fail("a wrong password was accepted");
            } catch (ExecutionException e) {
                assertEquals(SaslAuthenticationException.class, e.getCause().getClass());
            }
        }
    }

    @Test(expected = IllegalStateException.class)
    public void plainBrokerHasNoSaslListener() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.saslBootstrapServers();
        }
    }

    private static Properties props(KafkaBroker broker, String password) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20000);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\""
                        + password + "\";");
        return p;
    }
}
