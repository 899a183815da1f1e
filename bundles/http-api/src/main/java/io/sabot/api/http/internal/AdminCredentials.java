package io.sabot.api.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The web console's admin user, which the API accepts with HTTP basic authentication. The launcher generates the
 * password on the first start and hands the user name and a salted hash to the framework as {@value #USERNAME} and
 * {@value #PASSWORD} (see the launcher's {@code WebConsoleCredentials}); the plain password is never known here.
 *
 * <p>Hashes have the web console's form {@code {sha-256}<salt>-<iterations>-<base64>} (also {@code {alg}<base64>} and
 * {@code {alg}<salt>-<base64>}). Without those properties, or with a hash of {@code admin}, basic authentication is
 * off: there are no default credentials.
 */
final class AdminCredentials {

    static final String USERNAME = "felix.webconsole.username";
    static final String PASSWORD = "felix.webconsole.password";
    /** The web console's configuration; a password saved there is the console's from then on, and the API's. */
    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";

    private final byte[] username;
    private final String algorithm;
    private final String salt;
    private final int iterations;
    private final byte[] hash;

    private AdminCredentials(byte[] username, String algorithm, String salt, int iterations, byte[] hash) {
        this.username = username;
        this.algorithm = algorithm;
        this.salt = salt;
        this.iterations = iterations;
        this.hash = hash;
    }

    /**
     * The credentials the framework properties hold, or empty when basic authentication is off (no user, no hash, a
     * plain-text or malformed value, or the password {@code admin}); {@code problem} hears why it is off.
     */
    static Optional<AdminCredentials> of(String user, String stored, java.util.function.Consumer<String> problem) {
        if (user == null || user.isBlank() || stored == null || stored.isBlank()) {
            problem.accept("no " + USERNAME + " and " + PASSWORD + " framework properties (the launcher sets them):"
                    + " basic authentication is off");
            return Optional.empty();
        }
        AdminCredentials credentials;
        try {
            credentials = hashed(user, stored);
        } catch (IllegalArgumentException e) {
            problem.accept(PASSWORD + " is not a hash the API understands ({sha-256}salt-iterations-base64):"
                    + " basic authentication is off");
            return Optional.empty();
        }
        if (credentials.matches("admin")) {
            problem.accept("the admin password is 'admin': basic authentication is off until it is changed"
                    + " ('bin/sabot password')");
            return Optional.empty();
        }
        return Optional.of(credentials);
    }

    /**
     * A user and a password hash in the web console's form ({@code {sha-256}<salt>-<iterations>-<base64>}, also
     * {@code {alg}<base64>} and {@code {alg}<salt>-<base64>}).
     *
     * @throws IllegalArgumentException if {@code stored} is not such a hash (the message does not repeat it)
     */
    static AdminCredentials hashed(String user, String stored) {
        String value = stored == null ? "" : stored.strip();
        int end = value.indexOf('}');
        if (!value.startsWith("{") || end < 2) {
            throw new IllegalArgumentException("not a hash ({sha-256}salt-iterations-base64)");
        }
        try {
            String algorithm = value.substring(1, end);
            String[] parts = value.substring(end + 1).split("-", -1);
            String salt = parts.length > 1 ? parts[0] : "";
            int iterations = parts.length > 2 ? Integer.parseInt(parts[1]) : 1;
            byte[] hash = Base64.getDecoder().decode(parts[parts.length - 1]);
            if (parts.length > 3 || iterations < 1 || iterations > 1_000_000) {
                throw new IllegalArgumentException("bad iterations");
            }
            MessageDigest.getInstance(algorithm);
            return new AdminCredentials(
                    user.strip().getBytes(StandardCharsets.UTF_8), algorithm, salt, iterations, hash);
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("not a hash ({sha-256}salt-iterations-base64) of a known algorithm");
        }
    }

    /**
     * The credentials of the web console's own configuration ({@value #CONSOLE_PID}: {@code username},
     * {@code password}), which override the framework properties there as in the console: the password as a hash, or
     * in plain text (hashed here with a random salt, the plain value not kept); {@code admin} is refused.
     */
    static Optional<AdminCredentials> configured(
            String user, String password, java.util.function.Consumer<String> problem) {
        String name = user == null || user.isBlank() ? "admin" : user;
        if (password == null || password.isBlank() || password.strip().startsWith("{")) {
            return of(name, password, problem);
        }
        if (password.equals("admin")) {
            problem.accept("the admin password in " + CONSOLE_PID + " is 'admin': basic authentication is off until"
                    + " it is changed");
            return Optional.empty();
        }
        byte[] salt = new byte[8];
        new java.security.SecureRandom().nextBytes(salt);
        AdminCredentials credentials = new AdminCredentials(
                name.strip().getBytes(StandardCharsets.UTF_8),
                "sha-256",
                java.util.HexFormat.of().formatHex(salt),
                1000,
                null);
        return Optional.of(credentials.withHash(credentials.digest(password)));
    }

    private AdminCredentials withHash(byte[] digest) {
        return new AdminCredentials(username, algorithm, salt, iterations, digest);
    }

    /** The admin principal if user and password match; both compared in constant time, the hash always computed. */
    Optional<Principal> authenticate(String user, String password) {
        return verify(user, password)
                ? Optional.of(new Principal(user, "basic", Set.of(Principal.Role.ADMIN)))
                : Optional.empty();
    }

    /** Whether user and password match; both compared in constant time, the hash always computed. */
    boolean verify(String user, String password) {
        boolean userMatches = MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = matches(password);
        return userMatches && passwordMatches;
    }

    /** Whether this is {@code user}'s entry (constant time), before its password is checked. */
    boolean isUser(String user) {
        return MessageDigest.isEqual(username, user.getBytes(StandardCharsets.UTF_8));
    }

    private boolean matches(String password) {
        byte[] value = digest(password);
        return value != null && MessageDigest.isEqual(hash, value);
    }

    private byte[] digest(String password) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] value = (salt + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                md.reset();
                value = md.digest(value);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            return null; // checked in of()
        }
    }
}
