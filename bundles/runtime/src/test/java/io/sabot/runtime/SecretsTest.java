package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The one masker every surface uses: secret option values and their parts never survive it. */
public class SecretsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"alice\" password=\"s3cr3t-Pa55\";";
    private static final String SQL = "CREATE TABLE t (a INT) WITH ('connector' = 'kafka',\n"
            + " 'properties.sasl.jaas.config'='" + JAAS + "', 'my.opt' = 'hunter2',\n"
            + " 'properties.ssl.key.password' = 'it''s-k3y', 'topic' = 'orders', 'x.api-key' = 'ak-123')";

    @Test
    public void masksDeclaredAndNamedSecretOptionsOnly() {
        assertEquals(
                "CREATE TABLE t (a INT) WITH ('connector' = 'kafka',\n"
                        + " 'properties.sasl.jaas.config'='******', 'my.opt' = '******',\n"
                        + " 'properties.ssl.key.password' = '******', 'topic' = 'orders', 'x.api-key' = '******')",
                Secrets.maskOptions(SQL, Set.of("my.opt")));
        assertEquals(
                "INSERT INTO s SELECT 'a' FROM t", Secrets.maskOptions("INSERT INTO s SELECT 'a' FROM t", Set.of()));
        assertNull(Secrets.maskOptions(null, Set.of()));
    }

    @Test
    public void findsValuesAndTheirSecretPartsLongestFirst() {
        List<String> values = Secrets.values(SQL, Set.of("my.opt"));
        assertTrue(
                values.toString(), values.containsAll(List.of(JAAS, "s3cr3t-Pa55", "hunter2", "it's-k3y", "ak-123")));
        assertFalse("undeclared, unnamed options are not secret", values.contains("orders"));
        assertFalse("the JAAS user name is not a secret part", values.contains("alice"));
        for (int i = 1; i < values.size(); i++) {
            assertTrue(
                    values.toString(),
                    values.get(i - 1).length() >= values.get(i).length());
        }
        assertEquals(
                Set.copyOf(Secrets.values(Map.of("properties.sasl.jaas.config", JAAS, "topic", "orders"), Set.of())),
                Set.of(JAAS, "s3cr3t-Pa55"));
    }

    @Test
    public void masksTheValuesWhereverAMessageQuotesThem() {
        String failure = "login failed for 'org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"alice\" password=\"s3cr3t-Pa55\";' (then password s3cr3t-Pa55 again); 'my.opt' = 'x'";
        String masked = Secrets.mask(failure, SQL, Set.of("my.opt"));
        assertFalse(masked, masked.contains("s3cr3t-Pa55"));
        assertEquals("login failed for '******' (then password ****** again); 'my.opt' = '******'", masked);
    }

    @Test
    public void shortValuesAreNotSearchedFor() {
        String sql = "SET 'a.password' = 'abc'";
        assertEquals(List.of(), Secrets.values(sql, Set.of()));
        assertEquals("a cab", Secrets.maskValues("a cab", Secrets.values(sql, Set.of())));
        assertEquals("SET 'a.password' = '******'", Secrets.maskOptions(sql, Set.of()));
    }
}
