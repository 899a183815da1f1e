package io.sabot.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.runtime.TenantInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

/** The tenants page as HTML: values, usage, links, users, and every text from outside escaped. */
public class TenantsConsolePluginTest {

    private static String render(
            List<TenantsConsolePlugin.Row> rows, TenantsConsolePlugin.Outcome outcome, TenantsConsolePlugin.Form form) {
        StringWriter html = new StringWriter();
        TenantsConsolePlugin.render(rows, "t0ken", outcome, form, new PrintWriter(html), "/system/console");
        return html.toString();
    }

    @Test
    public void aTenantShowsItsQuotasUsageJobLinksAndUsers() {
        Map<String, Long> running = new LinkedHashMap<>();
        running.put("job-3", 5120L);
        running.put("job-9", null); // no checkpoint yet
        TenantInfo acme = new TenantInfo(
                "acme",
                Set.of("datagen", "blackhole"),
                2,
                4,
                1 << 20,
                1 << 30,
                List.of("job-3", "job-9"),
                65536,
                "",
                List.of("/data/acme"));
        String page = render(
                List.of(new TenantsConsolePlugin.Row(
                        acme, running, List.of(new TenantsConsolePlugin.UserRow("acme-ops", "tenant")))),
                null,
                null);
        assertTrue(page, page.contains("<td class='max-jobs'>2</td><td class='max-parallelism'>4</td>"));
        assertTrue(page, page.contains("<td class='max-memory'>" + (1 << 20) + "</td>"));
        assertTrue(page, page.contains("<td class='allowed-connectors'>blackhole, datagen</td>"));
        assertTrue(page, page.contains("<code>/data/acme</code>"));
        assertTrue(page, page.contains("href='/system/console/sabot-jobs?job=job-3'>job-3</a>"));
        assertTrue(page, page.contains("href='/system/console/sabot-jobs?job=job-9'>job-9</a>"));
        assertTrue(page, page.contains("<td class='memory-used'>65536</td><td class='state-size'>5120</td>"));
        assertTrue(page, page.contains("acme-ops (tenant)"));
        assertTrue(page, page.contains("name='token' value='t0ken'"));
        assertFalse("no configuration error shown", page.contains("config-error"));
    }

    @Test
    public void idsErrorsUsersAndRefilledValuesAreEscaped() {
        String evil = "<script>alert('x')</script>";
        TenantInfo t = new TenantInfo(
                "a'b<c", Set.of(evil), 0, 0, 0, 0, List.of("job-<1>"), 0, "max.jobs = '" + evil + "'", List.of(evil));
        Map<String, Long> running = new LinkedHashMap<>();
        running.put("job-<1>", null);
        Map<String, String> numbers = new LinkedHashMap<>();
        numbers.put("max.jobs", "'/><b>x");
        String page = render(
                List.of(new TenantsConsolePlugin.Row(
                        t, running, List.of(new TenantsConsolePlugin.UserRow(evil, "tenant")))),
                new TenantsConsolePlugin.Outcome(true, "Not saved: " + evil, null),
                new TenantsConsolePlugin.Form("x'y", numbers, evil, evil));
        assertFalse(page, page.contains("<script>"));
        assertFalse(page, page.contains("<b>x"));
        assertFalse(page, page.contains("a'b<c"));
        assertTrue(page, page.contains("data-tenant='a&#39;b&lt;c'"));
        assertTrue(page, page.contains("class='error config-error'>max.jobs = &#39;&lt;script&gt;"));
        assertTrue(page, page.contains("Not saved: &lt;script&gt;"));
        assertTrue(page, page.contains("name='id' value='a&#39;b&lt;c'"));
        assertTrue(page, page.contains("name='id' required pattern='[a-z0-9][a-z0-9_-]{0,62}' value='x&#39;y'"));
        assertTrue(page, page.contains("?job=job-%3C1%3E'>job-&lt;1&gt;</a>"));
        assertTrue(page, page.contains("<td class='state-size'><i>unknown</i></td>"));
    }

    @Test
    public void theFormBecomesPropertiesWithEmptyFieldsLeftOut() {
        Map<String, String> numbers = new LinkedHashMap<>();
        numbers.put("max.jobs", " 3 ");
        numbers.put("max.parallelism", "");
        Map<String, Object> p = TenantsConsolePlugin.properties(
                new TenantsConsolePlugin.Form("gamma", numbers, "datagen, Blackhole  print", "/data/a\r\n\n/data/b\n"));
        assertEquals("gamma", p.get("id"));
        assertEquals("3", p.get("max.jobs"));
        assertFalse(p.containsKey("max.parallelism"));
        assertEquals(List.of("datagen", "Blackhole", "print"), Arrays.asList((String[]) p.get("allowed.connectors")));
        assertEquals(List.of("/data/a", "/data/b"), Arrays.asList((String[]) p.get("allowed.paths")));
        assertEquals("\\*\\(x\\)\\\\", TenantsConsolePlugin.filterValue("*(x)\\"));
    }
}
