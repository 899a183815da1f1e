package io.sabot.webconsole.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

/** A tenant's user may open the Sabot Jobs page and the console's static resources; nothing else, nothing encoded. */
public class ConsoleSecurityProviderTest {

    @Test
    public void aTenantOpensTheJobsPageAndResourcesOnly() {
        for (String path : List.of("/sabot-jobs", "/res/ui/webconsole.css", "/res/lib/jquery-3.7.1.js", "/logout")) {
            assertTrue(path, ConsoleSecurityProvider.tenantMayOpen(path));
        }
        for (String path : List.of(
                "/bundles",
                "/configMgr",
                "/sabot",
                "/sabot/plugins.json",
                "/" + TenantsConsolePlugin.LABEL,
                "/sabot-jobsx",
                "/sabot-jobs/../bundles",
                "/sabot-jobs%2F..%2Fbundles",
                "/res/../bundles",
                "/res//x",
                "/sabot-jobs;x",
                "/gogo",
                "")) {
            assertFalse(path, ConsoleSecurityProvider.tenantMayOpen(path));
        }
    }
}
