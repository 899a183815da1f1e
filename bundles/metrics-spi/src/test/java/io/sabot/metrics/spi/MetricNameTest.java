package io.sabot.metrics.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricFilter;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class MetricNameTest {

    @Test
    public void everyScopeHasItsOwnSegmentCount() {
        assertEquals("sabot.jobs-running", MetricName.node("jobs-running").toString());
        assertEquals(
                "sabot.acme.memory-used",
                MetricName.tenant("acme", "memory-used").toString());
        assertEquals(
                "sabot.acme.orders.restarts",
                MetricName.job("acme", "orders", "restarts").toString());
        assertEquals(
                "sabot.acme.orders.default_trades.records-skipped",
                MetricName.table("acme", "orders", "default.trades", "records-skipped")
                        .toString());
        assertEquals(
                "sabot.acme.orders.window-agg-3.0.records-in",
                MetricName.task("acme", "orders", "window-agg-3", 0, "records-in")
                        .toString());
        assertEquals(
                "sabot.acme.orders.source-1.2.orders-3.lag",
                MetricName.split("acme", "orders", "source-1", 2, "orders-3", "lag")
                        .toString());
    }

    @Test
    public void namesParseBackIntoTheirParts() {
        List<MetricName> names = List.of(
                MetricName.node("jobs-running"),
                MetricName.tenant("acme", "memory-used"),
                MetricName.job("acme", "orders", "checkpoint-duration"),
                MetricName.table("acme", "orders", "default.trades", "records-dead-lettered"),
                MetricName.task("acme", "orders", "agg", 11, "latency"),
                MetricName.split("acme", "orders", "src", 0, "orders-3", "lag"));
        for (MetricName name : names) {
            MetricName parsed = MetricName.parse(name.toString());
            assertEquals(name, parsed);
            assertEquals(name.scope(), parsed.scope());
            assertEquals(name.labels(), parsed.labels());
            assertEquals(name.metric(), parsed.metric());
        }
        MetricName split = MetricName.parse("sabot.acme.orders.src.4.orders-3.lag");
        assertEquals(MetricScope.SPLIT, split.scope());
        assertEquals(4, split.subtask());
        assertEquals(
                Map.of("tenant", "acme", "job", "orders", "operator", "src", "subtask", "4", "split", "orders-3"),
                split.labels());
        assertEquals(
                List.of("tenant", "job", "operator", "subtask", "split"),
                List.copyOf(split.labels().keySet()));
        MetricName table = MetricName.parse("sabot.acme.orders.default_trades.records-skipped");
        assertEquals(MetricScope.TABLE, table.scope());
        assertEquals("default_trades", table.table());
        assertEquals(
                List.of("tenant", "job", "table"), List.copyOf(table.labels().keySet()));
        assertNull(table.operator());
        MetricName node = MetricName.parse("sabot.plugins-failed");
        assertNull(node.tenant());
        assertEquals(-1, node.subtask());
        assertTrue(node.labels().isEmpty());
    }

    @Test
    public void identifiersAreSanitisedSoNamesStayParsable() {
        MetricName name = MetricName.task("ac.me", "my job/1", "op", 0, "records-in");
        assertEquals("sabot.ac_me.my_job_1.op.0.records-in", name.toString());
        assertEquals(name, MetricName.parse(name.toString()));
        assertEquals("_", MetricName.segment(""));
        assertEquals("_", MetricName.segment(null));
        assertEquals("caf_", MetricName.segment("café"));
    }

    @Test
    public void invalidNamesAreRejected() {
        for (String bad : new String[] {
            "sabot", "jvm.memory.used", "sabot.a.b.c!.d", "sabot.acme.orders.op.x.records-in",
            "sabot.acme.orders.op.01.records-in", "sabot.acme.Records", "sabot..x", "sabot.a.b.c.0.d.e.f"
        }) {
            try {
                MetricName.parse(bad);
                fail("parsed " + bad);
            } catch (IllegalArgumentException expected) {
                // expected
            }
            assertFalse(MetricName.tryParse(bad).isPresent());
        }
        try {
            MetricName.node("Records_In");
            fail("invalid metric segment accepted");
        } catch (IllegalArgumentException expected) {
            // expected
        }
        try {
            MetricName.task("a", "b", "c", -1, "x");
            fail("negative subtask accepted");
        } catch (IllegalArgumentException expected) {
            // expected
        }
    }

    @Test
    public void tenantFilterPassesOnlyThatTenantsMetrics() {
        MetricFilter filter = MetricName.tenantFilter("acme");
        Counter counter = new Counter();
        assertTrue(filter.matches("sabot.acme.memory-used", counter));
        assertTrue(filter.matches("sabot.acme.orders.agg.0.records-in", counter));
        assertFalse(filter.matches("sabot.other.orders.agg.0.records-in", counter));
        assertFalse(filter.matches("sabot.jobs-running", counter));
        assertFalse(filter.matches("jvm.threads", counter));
    }
}
