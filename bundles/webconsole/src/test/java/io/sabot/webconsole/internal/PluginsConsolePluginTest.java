package io.sabot.webconsole.internal;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.runtime.OptionInfo;
import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.Test;

public class PluginsConsolePluginTest {

    @Test
    public void rendersPluginsOptionsAndFailuresEscaped() {
        PluginInfo datagen = new PluginInfo(
                PluginKind.CONNECTOR,
                "datagen",
                List.of("source"),
                "Generates <rows>",
                "io.sabot.connector.datagen",
                "0.1.0.SNAPSHOT",
                12,
                40,
                0,
                PluginInfo.State.ACTIVE,
                List.of(
                        new OptionInfo("rows-per-second", "long", "10000", false, false, "Rate", List.of()),
                        new OptionInfo("password", "string", "******", true, true, "", List.of())));
        PluginFailure failure = new PluginFailure(
                null,
                "",
                "bad.plugin",
                "1.0.0",
                13,
                -1,
                "cannot resolve, nothing provides: package (osgi.wiring.package=x)");
        StringWriter html = new StringWriter();
        PluginsConsolePlugin.render(
                new PluginSnapshot(5, List.of(datagen), List.of(failure)), new PrintWriter(html), "/system/console");
        String page = html.toString();
        assertTrue(page, page.contains("data-identifier='datagen'"));
        assertTrue(page, page.contains("Generates &lt;rows&gt;"));
        assertFalse(page, page.contains("<rows>"));
        assertTrue(page, page.contains("<code>rows-per-second</code></td><td>long</td><td>10000</td>"));
        assertTrue(page, page.contains("<a href='/system/console/bundles/12'>io.sabot.connector.datagen</a>"));
        assertTrue(page, page.contains("<td class='reason'>cannot resolve, nothing provides: package"));
        assertTrue(page, page.contains("Connectors (1)"));
        assertTrue(page, page.contains("Metrics exporters (0)"));
    }

    @Test
    public void rendersTheUploadFormOutcomeAndRemoveButtonsEscaped() {
        PluginsConsolePlugin.Upload upload = new PluginsConsolePlugin.Upload(
                "abc123",
                "Installed x <y>",
                "/opt/sabot/deploy",
                List.of(new PluginUploads.Removable(
                        42, "io.sabot.connector.print", "1.0.0", "ACTIVE", "/opt/sabot/deploy/p'.jar")));
        StringWriter html = new StringWriter();
        PluginsConsolePlugin.render(
                new PluginSnapshot(1, List.of(), List.of()), upload, new PrintWriter(html), "/system/console");
        String page = html.toString();
        assertTrue(page, page.contains("<p id='upload-outcome' class='ui-state-highlight'>Installed x &lt;y&gt;</p>"));
        assertTrue(
                page,
                page.contains("<form id='upload-form' method='post' enctype='multipart/form-data'"
                        + " action='/system/console/sabot'><input type='hidden' name='token' value='abc123'/>"));
        assertTrue(page, page.contains("hot-deploy directory <code>/opt/sabot/deploy</code>"));
        assertTrue(page, page.contains("<tr class='uploaded' data-bundle='io.sabot.connector.print'>"));
        assertTrue(page, page.contains("<code>/opt/sabot/deploy/p&#39;.jar</code>"));
        assertTrue(page, page.contains("<input type='hidden' name='bundle' value='42'/>"));

        StringWriter direct = new StringWriter();
        PluginsConsolePlugin.render(
                new PluginSnapshot(1, List.of(), List.of()),
                new PluginsConsolePlugin.Upload("t", null, null, List.of()),
                new PrintWriter(direct),
                "/system/console");
        assertTrue(direct.toString(), direct.toString().contains("No hot-deploy directory is configured"));
        assertFalse(direct.toString(), direct.toString().contains("upload-outcome"));
        assertFalse(direct.toString(), direct.toString().contains("sabot-uploaded"));
    }
}
