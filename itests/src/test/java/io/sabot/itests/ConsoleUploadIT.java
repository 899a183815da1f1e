package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import io.sabot.engine.ConnectorResolver;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginSnapshot;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Uploading a plug-in bundle on the console's "Sabot" page: the datagen connector's jar (not installed at start),
 * POSTed as the page's form does with the admin's credentials, lands in the hot-deploy directory (a real FileInstall
 * watcher, configured as the distribution's {@code etc/org.apache.felix.fileinstall-deploy.cfg} does), its factory
 * appears in the registry and a query on it runs; uploading it again with another version updates that bundle; the
 * page's Remove button deletes the file and the plug-in goes. A file that is not a bundle gets 400 naming what is
 * missing, an anonymous upload 401, one from another origin 403, one over the limit 413; none of them installs or
 * writes anything.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleUploadIT extends SabotTestSupport {

    private static final String DATAGEN = "io.sabot.connector.datagen";
    private static final String PASSWORD_PROPERTY = "sabot.itest.console.password";

    @Inject
    ConfigurationAdmin configurationAdmin;

    /** The runtime's resolver over the plug-in registry: once it is there, builder() uses the container. */
    @Inject
    @Filter("(sabot.resolver=registry)")
    ConnectorResolver containerResolver;

    private static Path deploy;

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    @Configuration
    public Option[] configuration() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.configuration()));
        String password = HexFormat.of().formatHex(SecureRandom.getSeed(16));
        options.add(frameworkProperty("felix.webconsole.username").value("admin"));
        options.add(frameworkProperty("felix.webconsole.password").value(HttpApiIT.hash(password)));
        options.add(frameworkProperty(PASSWORD_PROPERTY).value(password));
        return options.toArray(new Option[0]);
    }

    /** The container starts without the datagen connector: the test uploads it. */
    @Override
    protected boolean includeBundle(String fileName) {
        return !fileName.startsWith("sabot-connector-datagen");
    }

    /** A hot-deploy watcher on a fresh directory, created from FileInstall's factory PID as the distribution does. */
    private synchronized Path deployDir() throws Exception {
        if (deploy == null) {
            Path dir = Paths.get("target", "console-upload-it", Long.toString(System.nanoTime()), "deploy")
                    .toAbsolutePath();
            Files.createDirectories(dir);
            Hashtable<String, Object> watcher = new Hashtable<>();
            watcher.put("felix.fileinstall.dir", dir.toString());
            watcher.put("felix.fileinstall.poll", "250");
            watcher.put("felix.fileinstall.noInitialDelay", "true");
            watcher.put("felix.fileinstall.bundles.new.start", "true");
            configurationAdmin
                    .getFactoryConfiguration("org.apache.felix.fileinstall", "console-upload-it", "?")
                    .update(watcher);
            deploy = dir;
        }
        return deploy;
    }

    @Test
    public void uploadedConnectorIsHotDeployedUpdatedAndRemoved() throws Exception {
        Path dir = deployDir();
        assertTrue(registry.snapshot().active(PluginKind.CONNECTOR, "datagen").isEmpty());
        assertEquals(0, bundles(DATAGEN).size());

        // upload: answered with a redirect to the page, which tells what was installed and what it contributes
        byte[] jar = Files.readAllBytes(Paths.get(System.getProperty("sabot.datagen.jar")));
        String version = "0.1.0.upload";
        HttpResponse<String> uploaded = upload("datagen.jar", withVersion(jar, version), admin(), origin());
        assertEquals(uploaded.body(), 303, uploaded.statusCode());
        String outcome = outcome(uploaded);
        assertTrue(outcome, outcome.contains("Installed " + DATAGEN + " " + version + " from datagen.jar"));
        assertTrue(outcome, outcome.contains("connector datagen (source)"));
        Path file = dir.resolve(DATAGEN + ".jar");
        assertTrue(outcome, outcome.contains(file.toString()));
        assertTrue("not written to the deploy directory: " + file, Files.isRegularFile(file));
        List<Bundle> installed = bundles(DATAGEN);
        assertEquals(1, installed.size());
        assertEquals(file.toUri(), URI.create(installed.get(0).getLocation()).normalize());
        PluginInfo datagen =
                registry.snapshot().active(PluginKind.CONNECTOR, "datagen").orElseThrow();
        assertEquals(DATAGEN, datagen.bundleSymbolicName());
        assertEquals(version, datagen.bundleVersion());

        // a query on the uploaded connector runs: 100 rows, ids 0..99
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder().build()) {
            executor.executeDdl("CREATE TABLE uploaded (id BIGINT) WITH ('connector' = 'datagen',"
                    + " 'rows-per-second' = '1000000', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',"
                    + " 'fields.id.end' = '99')");
            long rows = 0;
            long sum = 0;
            try (QueryResult result = executor.executeStreamingSql("SELECT id FROM uploaded")) {
                for (VectorSchemaRoot batch : result) {
                    BigIntVector id = (BigIntVector) batch.getVector("id");
                    for (int i = 0; i < batch.getRowCount(); i++) {
                        rows++;
                        sum += id.get(i);
                    }
                }
                result.awaitTermination();
            }
            assertEquals(100, rows);
            assertEquals(99 * 100 / 2, sum);
        }

        // the same symbolic name again: the bundle is updated through its file, not installed twice
        String newer = "0.1.1.upload";
        HttpResponse<String> again = upload("datagen-newer.jar", withVersion(jar, newer), admin(), origin());
        assertEquals(again.body(), 303, again.statusCode());
        String updated = outcome(again);
        assertTrue(updated, updated.contains("Updated " + DATAGEN + " " + newer));
        assertTrue(updated, updated.contains("connector datagen"));
        assertEquals(1, bundles(DATAGEN).size());
        assertEquals(installed.get(0).getBundleId(), bundles(DATAGEN).get(0).getBundleId());
        assertEquals(newer, bundles(DATAGEN).get(0).getVersion().toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        PluginSnapshot now = registry.snapshot();
        assertEquals(
                newer, now.active(PluginKind.CONNECTOR, "datagen").orElseThrow().bundleVersion());

        // the page lists it with a Remove button, which deletes the file: the plug-in goes
        String page = get("/system/console/sabot").body();
        assertTrue(page, page.contains("data-bundle='" + DATAGEN + "'"));
        long id = installed.get(0).getBundleId();
        HttpResponse<String> removed = post(
                "token=" + token() + "&action=remove&bundle=" + id,
                "application/x-www-form-urlencoded",
                admin(),
                origin());
        assertEquals(removed.body(), 303, removed.statusCode());
        String removal = outcome(removed);
        assertTrue(removal, removal.contains("Removed " + DATAGEN + " " + newer));
        assertFalse(Files.exists(file));
        assertEquals(0, bundles(DATAGEN).size());
        awaitRegistry(s -> s.active(PluginKind.CONNECTOR, "datagen").isEmpty(), 10_000);
    }

    @Test
    public void aFileThatIsNotABundleIsRefusedNamingWhatIsMissing() throws Exception {
        Path dir = deployDir();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Implementation-Title", "a plain library");
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(plain, manifest)) {
            out.putNextEntry(new JarEntry("README.txt"));
            out.write("no OSGi headers".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        HttpResponse<String> library = upload("plain-library.jar", plain.toByteArray(), admin(), origin());
        assertEquals(library.body(), 400, library.statusCode());
        assertTrue(library.body(), library.body().contains("plain-library.jar is not an OSGi bundle"));
        assertTrue(library.body(), library.body().contains("no Bundle-SymbolicName header"));

        HttpResponse<String> text =
                upload("notes.txt", "just text".getBytes(StandardCharsets.UTF_8), admin(), origin());
        assertEquals(text.body(), 400, text.statusCode());
        assertTrue(text.body(), text.body().contains("notes.txt is not a jar (not a zip archive)"));
        assertNothingDeployed(dir);
    }

    @Test
    public void uploadsWithoutCredentialsFromAnotherOriginOrOverTheLimitAreRefused() throws Exception {
        Path dir = deployDir();
        byte[] jar = Files.readAllBytes(Paths.get(System.getProperty("sabot.datagen.jar")));
        HttpResponse<String> anonymous = upload("datagen.jar", jar, null, origin());
        assertEquals(anonymous.body(), 401, anonymous.statusCode());
        HttpResponse<String> forged = upload("datagen.jar", jar, admin(), "http://evil.example");
        assertEquals(forged.body(), 403, forged.statusCode());
        assertTrue(forged.body(), forged.body().contains("another origin (http://evil.example)"));

        // 70 MB announced: refused from the headers, before the body is read
        String port = bundleContext.getProperty("org.osgi.service.http.port");
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(port))) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /system/console/sabot HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: "
                            + admin() + "\r\nOrigin: " + origin()
                            + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: "
                            + (70L << 20) + "\r\n\r\n--x\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(readSome(socket.getInputStream()), StandardCharsets.UTF_8);
            assertTrue(reply, reply.startsWith("HTTP/1.1 413"));
            assertTrue(reply, reply.contains("larger than the upload limit of 64 MB"));
        }
        assertNothingDeployed(dir);
    }

    private void assertNothingDeployed(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> left = files.filter(p -> !p.getFileName().toString().startsWith(DATAGEN))
                    .toList();
            assertEquals(List.of(), left);
        }
    }

    /** Reads what the server sent until it closes or the reply's HTML ends. */
    private static byte[] readSome(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
            reply.write(buffer, 0, n);
            if (reply.toString(StandardCharsets.UTF_8).contains("</html>")) {
                break;
            }
        }
        return reply.toByteArray();
    }

    private List<Bundle> bundles(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .toList();
    }

    private String origin() {
        return "http://127.0.0.1:" + bundleContext.getProperty("org.osgi.service.http.port");
    }

    private String admin() {
        String credentials = "admin:" + bundleContext.getProperty(PASSWORD_PROPERTY);
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin() + path))
                .header("Authorization", admin())
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 200, response.statusCode());
        return response;
    }

    /** The page's form token, as a browser gets it with the page. */
    private String token() throws Exception {
        Matcher token = Pattern.compile("name='token' value='([0-9a-f]+)'")
                .matcher(get("/system/console/sabot").body());
        assertTrue("no upload form on the page", token.find());
        return token.group(1);
    }

    /** The outcome the page shows after the POST's redirect. */
    private String outcome(HttpResponse<String> redirect) throws Exception {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        String page = get(URI.create(origin()).resolve(location).getRawPath() + "?"
                        + URI.create(location).getRawQuery())
                .body();
        Matcher outcome =
                Pattern.compile("<p id='upload-outcome'[^>]*>([^<]*)</p>").matcher(page);
        assertTrue(page, outcome.find());
        return outcome.group(1).replace("&#39;", "'");
    }

    /** POSTs a file as the page's upload form does (multipart, token first). */
    private HttpResponse<String> upload(String fileName, byte[] content, String authorization, String origin)
            throws Exception {
        String boundary = "----sabot" + HexFormat.of().formatHex(SecureRandom.getSeed(8));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String token = token();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + token + "\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\nupload\r\n"
                        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\""
                        + fileName + "\"\r\nContent-Type: application/java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post(body.toByteArray(), "multipart/form-data; boundary=" + boundary, authorization, origin);
    }

    private HttpResponse<String> post(String form, String type, String authorization, String origin) throws Exception {
        return post(form.getBytes(StandardCharsets.UTF_8), type, authorization, origin);
    }

    private HttpResponse<String> post(byte[] body, String type, String authorization, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + "/system/console/sabot"))
                .header("Content-Type", type)
                .header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
