package io.sabot.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

/** What an upload accepts as a bundle, and what it says about anything else. */
public class PluginUploadsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path jar(String name, String... headers) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < headers.length; i += 2) {
            main.putValue(headers[i], headers[i + 1]);
        }
        Path file = folder.getRoot().toPath().resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("a.txt"));
            jar.write("a".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    private static String refusal(String name, Path file) throws IOException {
        try {
            PluginUploads.headers(name, file);
        } catch (PluginUploads.Refused e) {
            return e.getMessage();
        }
        fail(name + " was accepted");
        return null;
    }

    @Test
    public void readsSymbolicNameWithoutDirectivesVersionAndComponents() throws Exception {
        PluginUploads.Headers headers = PluginUploads.headers(
                "p.jar",
                jar(
                        "p.jar",
                        "Bundle-SymbolicName",
                        "org.example.plugin;singleton:=true",
                        "Bundle-Version",
                        "1.2.3.build",
                        "Service-Component",
                        "OSGI-INF/x.xml"));
        assertEquals("org.example.plugin", headers.symbolicName());
        assertEquals(new Version(1, 2, 3, "build"), headers.version());
        assertTrue(headers.components());
        PluginUploads.Headers bare =
                PluginUploads.headers("q.jar", jar("q.jar", "Bundle-SymbolicName", "org.example.q"));
        assertEquals(Version.emptyVersion, bare.version());
        assertFalse(bare.components());
    }

    @Test
    public void refusesWhatIsNotABundleNamingTheFileAndWhatIsMissing() throws Exception {
        String library = refusal("lib.jar", jar("lib.jar", "Implementation-Title", "lib"));
        assertEquals(
                "lib.jar is not an OSGi bundle: its META-INF/MANIFEST.MF has no Bundle-SymbolicName header", library);

        Path text = folder.getRoot().toPath().resolve("notes.txt");
        Files.writeString(text, "text");
        assertTrue(refusal("notes.txt", text), refusal("notes.txt", text).startsWith("notes.txt is not a jar"));

        String version = refusal("v.jar", jar("v.jar", "Bundle-SymbolicName", "a.b", "Bundle-Version", "one"));
        assertTrue(version, version.startsWith("v.jar: Bundle-Version 'one' is not an OSGi version"));

        String name = refusal("n.jar", jar("n.jar", "Bundle-SymbolicName", "../../etc/passwd"));
        assertTrue(name, name.contains("'../../etc/passwd' is not a symbolic name"));
    }
}
