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
    public void operatorsAreOrderedAsTheGraphRuns() {
        java.util.List<String> ids = new java.util.ArrayList<>(java.util.List.of(
                "s10-0-sink_x_",
                "s1-1-calc",
                "s0-1-calc",
                "s1-0-windowaggregate",
                "s0-source-default_t",
                "s0-0-watermarkassigner",
                "s1-source-default_u"));
        ids.sort(JobJson::graphOrder);
        assertEquals(
                java.util.List.of(
                        "s0-source-default_t",
                        "s0-0-watermarkassigner",
                        "s0-1-calc",
                        "s1-source-default_u",
                        "s1-0-windowaggregate",
                        "s1-1-calc",
                        "s10-0-sink_x_"),
                ids);
    }

    @Test
    public void operatorKindsFollowTheirIds() {
        assertEquals("source", JobJson.kind("s0-source-default_bid"));
        assertEquals("sink", JobJson.kind("s1-2-sink_default_out_"));
        assertEquals("operator", JobJson.kind("s1-0-windowaggregate"));
    }
}
