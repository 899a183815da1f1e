package io.sabot.api.http.internal;

import static org.junit.Assert.assertEquals;

import java.util.Set;
import org.junit.Test;

/** Secret option values never leave the API in a job's SQL. */
public class JobJsonTest {

    @Test
    public void masksSecretOptionsAndKeepsTheRest() {
        String sql = "CREATE TABLE t (a INT) WITH ('connector' = 'kafka', 'properties.sasl.jaas.config'='x y ''z''',\n"
                + " 'my.pass' = 'hunter2', 'properties.ssl.key.password' = 'k3y', 'topic' = 'orders')";
        String masked = JobJson.maskSecrets(sql, Set.of("my.pass"));
        assertEquals(
                "CREATE TABLE t (a INT) WITH ('connector' = 'kafka', 'properties.sasl.jaas.config'='******',\n"
                        + " 'my.pass' = '******', 'properties.ssl.key.password' = '******', 'topic' = 'orders')",
                masked);
        assertEquals(
                "INSERT INTO s SELECT 'a' FROM t", JobJson.maskSecrets("INSERT INTO s SELECT 'a' FROM t", Set.of()));
    }

    @Test
    public void operatorKindsFollowTheirIds() {
        assertEquals("source", JobJson.kind("s0-source-default_bid"));
        assertEquals("sink", JobJson.kind("s1-2-sink_default_out_"));
        assertEquals("operator", JobJson.kind("s1-0-windowaggregate"));
    }
}
