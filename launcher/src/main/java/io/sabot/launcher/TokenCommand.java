package io.sabot.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code bin/sabot token NAME [--delete]}: creates (or deletes) a bearer token of the HTTP API. The token is printed
 * once; only its SHA-256 is written, to {@code etc/io.sabot.api.token-NAME.cfg} (owner-only), which the container's
 * FileInstall picks up within a second, running or not.
 */
final class TokenCommand {

    static final String PID = "io.sabot.api.token";

    private TokenCommand() {}

    static int run(SabotHome home, List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean delete = args.contains("--delete");
        List<String> names = args.stream().filter(a -> !a.equals("--delete")).toList();
        if (names.size() != 1 || !names.get(0).matches("[A-Za-z0-9_-]{1,64}")) {
            err.println("usage: bin/sabot token NAME [--delete]   (NAME: letters, digits, '_' and '-')");
            return 2;
        }
        String name = names.get(0);
        Path file = file(home, name);
        if (delete) {
            if (!Files.deleteIfExists(file)) {
                err.println("sabot: there is no token '" + name + "' ("
                        + home.root().relativize(file) + ")");
                return 1;
            }
            out.println("Deleted API token " + name + ": it is refused from now on.");
            return 0;
        }
        if (Files.exists(file)) {
            err.println("sabot: a token '" + name + "' exists (" + home.root().relativize(file)
                    + "); delete it first with 'bin/sabot token " + name + " --delete'");
            return 1;
        }
        String token = generate(new SecureRandom());
        Files.createDirectories(home.etc());
        WebConsoleCredentials.writeOwnerOnly(
                file,
                "# Sabot HTTP API token '" + name + "', created " + Instant.now() + " by 'bin/sabot token'.\n"
                        + "# Only the SHA-256 of the token is kept; delete this file to revoke it.\n"
                        + "name = " + name + "\n"
                        + "role = admin\n"
                        + "token.sha256 = " + sha256(token) + "\n");
        out.println("API token " + name + " (role admin): " + token);
        out.println("  It is shown only now; " + home.root().relativize(file) + " keeps its SHA-256. Use it with"
                + " 'Authorization: Bearer <token>' or SABOT_TOKEN.");
        return 0;
    }

    static Path file(SabotHome home, String name) {
        return home.etc().resolve(PID + "-" + name + ".cfg");
    }

    /** {@code sabot_} and 256 random bits, URL-safe. */
    static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "sabot_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
