package io.sabot.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.felix.framework.util.Util;

/**
 * The framework properties of an embedded container: the home's {@code etc/config.properties} with {@code ${...}}
 * substituted (from the file itself, {@code sabot.home}, {@code sabot.http.port}, then system properties, as
 * felix.main does), then what embedding changes: a private bundle cache, a loopback HTTP port, no interactive shell,
 * and web console credentials nobody knows (the distribution never accepts admin/admin). Unlike {@code bin/sabot}
 * it sets no system properties: the program's JVM stays as it was.
 */
public record FrameworkConfig(Map<String, String> properties, int httpPort) {

    static final String HOME = "sabot.home";
    static final String HTTP_PORT = "sabot.http.port";

    /** A new, empty bundle cache under the home's {@code data/}, or under the temporary directory. */
    public static Path freshStorage(Path home) throws IOException {
        try {
            Path data = Files.createDirectories(home.resolve("data"));
            return Files.createTempDirectory(data, "embedded-");
        } catch (IOException | SecurityException | UnsupportedOperationException readOnlyHome) {
            return Files.createTempDirectory("sabot-embedded-");
        }
    }

    /** @param fresh whether {@code storage} is new (cleaned on first init) or kept across starts */
    public static FrameworkConfig load(
            Path home, Path storage, boolean fresh, int httpPort, Map<String, String> overrides) throws IOException {
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("etc").resolve("config.properties"))) {
            file.load(in);
        }
        int port = httpPort != 0 ? httpPort : freePort();
        file.setProperty(HOME, home.toString());
        file.setProperty(HTTP_PORT, String.valueOf(port));

        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : file.stringPropertyNames()) {
            properties.put(name, Util.substVars(file.getProperty(name), name, null, file));
        }
        // bundle/ is installed by the embedder (which leaves out what the program's class path replaces)
        properties.keySet().removeIf(name -> name.startsWith("felix.auto."));
        properties.put("org.osgi.framework.storage", storage.toString());
        properties.put("org.osgi.framework.storage.clean", fresh ? "onFirstInit" : "none");
        properties.put("org.osgi.service.http.port", String.valueOf(port));
        properties.putIfAbsent("org.apache.felix.http.host", "127.0.0.1");
        // a closed or shared stdin must not reach the Gogo shell (it would stop the framework)
        properties.put("gosh.args", "--nointeractive");
        properties.put("felix.webconsole.username", "admin");
        properties.put("felix.webconsole.password", unknownPasswordHash());
        if (System.getProperty("org.ops4j.pax.logging.DefaultServiceLog.level") == null) {
            properties.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
        }
        properties.putAll(overrides);
        return new FrameworkConfig(Map.copyOf(properties), port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The web console's unsalted form {@code {sha-256}base64}, of a random password that is never kept. */
    private static String unknownPasswordHash() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(HexFormat.of().formatHex(secret).getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
