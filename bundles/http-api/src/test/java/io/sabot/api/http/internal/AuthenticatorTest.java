package io.sabot.api.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

/**
 * Basic authentication checks the web console's salted hash as the launcher writes it, bearer tokens their SHA-256;
 * nothing else, and nothing by default.
 */
public class AuthenticatorTest {

    static final String PASSWORD = "Xq7vT2mKp9LrW4sZb8NcY3dF";

    /** {@code {sha-256}<salt>-<iterations>-<base64>}, the launcher's WebConsoleCredentials.hash. */
    static String hash(String password, String salt, int iterations) throws Exception {
        byte[] value = (salt + password).getBytes(StandardCharsets.UTF_8);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < iterations; i++) {
            md.reset();
            value = md.digest(value);
        }
        return "{sha-256}" + salt + "-" + iterations + "-" + Base64.getEncoder().encodeToString(value);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<AdminCredentials> admin(String user, String stored, List<String> problems) {
        return AdminCredentials.of(user, stored, problems::add);
    }

    @Test
    public void basicAcceptsTheAdminPasswordOnly() throws Exception {
        Optional<AdminCredentials> admin = admin("admin", hash(PASSWORD, "a1b2c3d4e5f60718", 1000), new ArrayList<>());
        Principal p = Authenticator.authenticate(basic("admin", PASSWORD), admin, List.of())
                .orElseThrow();
        assertEquals("admin", p.name());
        assertEquals("basic", p.scheme());
        assertTrue(p.has(Principal.Role.ADMIN));
        for (String header : List.of(
                basic("admin", PASSWORD + "x"),
                basic("admin", "admin"),
                basic("root", PASSWORD),
                basic("admin", ""),
                "Basic !!!not-base64",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
                "Digest username=admin",
                "Basic",
                "")) {
            assertFalse(
                    header, Authenticator.authenticate(header, admin, List.of()).isPresent());
        }
        assertFalse(Authenticator.authenticate(null, admin, List.of()).isPresent());
    }

    @Test
    public void withoutStoredCredentialsOrWithAdminAdminBasicIsOff() throws Exception {
        List<String> problems = new ArrayList<>();
        assertTrue(admin(null, null, problems).isEmpty());
        assertTrue(admin("admin", "admin", problems).isEmpty()); // plain text is never accepted
        String adminHash = hash("admin", "0011223344556677", 1000);
        assertTrue(admin("admin", adminHash, problems).isEmpty());
        assertTrue(admin("admin", "{sha-256}zz-nope-###", problems).isEmpty());
        assertEquals(4, problems.size());
        assertTrue(problems.get(2), problems.get(2).contains("'admin'"));
        for (String problem : problems) {
            assertFalse(problem, problem.contains(adminHash.substring(9)) || problem.contains("zz-nope"));
        }
        assertFalse(Authenticator.authenticate(basic("admin", "admin"), Optional.empty(), List.of())
                .isPresent());
    }

    @Test
    public void bearerTokensMatchTheirHash() throws Exception {
        String token = "sabot_" + HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        String sha = HexFormat.of().formatHex(Authenticator.sha256(token));
        ApiToken ci = new ApiToken("ci", sha, "admin");
        ApiToken other = new ApiToken("other", sha.replace(sha.charAt(0), sha.charAt(0) == 'a' ? 'b' : 'a'), "admin");
        Principal p = Authenticator.authenticate("Bearer " + token, Optional.empty(), List.of(other, ci))
                .orElseThrow();
        assertEquals("ci", p.name());
        assertEquals("bearer", p.scheme());
        assertTrue(p.has(Principal.Role.ADMIN));
        assertFalse(Authenticator.authenticate("Bearer " + token + "x", Optional.empty(), List.of(ci))
                .isPresent());
        assertFalse(Authenticator.authenticate("Bearer " + sha, Optional.empty(), List.of(ci))
                .isPresent()); // the hash itself is no token
        assertFalse(Authenticator.authenticate("Bearer " + token, Optional.empty(), List.of())
                .isPresent());
        assertFalse(Authenticator.authenticate("Bearer ", Optional.empty(), List.of(ci))
                .isPresent());
    }

    @Test
    public void aTokenConfigurationIsValidatedNamingTheProperty() {
        try {
            new ApiToken("ci", "abc", "admin");
            fail("accepted a short hash");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'token.sha256' must be 64 hex digits"));
        }
        try {
            new ApiToken("ci", "0".repeat(64), "root");
            fail("accepted an unknown role");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'role' must be admin"));
        }
        try {
            new ApiToken(" ", "0".repeat(64), "admin");
            fail("accepted a token without name");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'name' is required"));
        }
    }

    @Test
    public void basicAcceptsAConfiguredUserAsItsTenantAndTheAdminNameStaysTheAdmins() throws Exception {
        Optional<AdminCredentials> admin = admin("admin", hash(PASSWORD, "a1b2c3d4e5f60718", 1000), new ArrayList<>());
        String acmePassword = "acme-" + PASSWORD;
        ApiUser acme = new ApiUser("acme-ops", hash(acmePassword, "0011223344556677", 1000), "tenant", "acme");
        // a user configuration may not take over the admin's name
        ApiUser impostor = new ApiUser("admin", hash("impostor-pass", "0011223344556677", 10), "admin", "");
        List<ApiUser> users = List.of(impostor, acme);

        Principal p = Authenticator.authenticate(basic("acme-ops", acmePassword), admin, users, List.of())
                .orElseThrow();
        assertEquals("acme-ops", p.name());
        assertEquals("acme", p.tenant());
        assertTrue(p.has(Principal.Role.TENANT));
        assertFalse(p.has(Principal.Role.ADMIN));
        assertTrue(Authenticator.authenticate(basic("admin", PASSWORD), admin, users, List.of())
                .orElseThrow()
                .has(Principal.Role.ADMIN));
        for (String header : List.of(
                basic("acme-ops", acmePassword + "x"),
                basic("acme-ops", PASSWORD),
                basic("beta-ops", acmePassword),
                basic("admin", "impostor-pass"),
                "Bearer " + acmePassword)) {
            assertFalse(
                    header,
                    Authenticator.authenticate(header, admin, users, List.of()).isPresent());
        }
        // users work without an admin password too
        assertTrue(Authenticator.authenticate(basic("acme-ops", acmePassword), Optional.empty(), users, List.of())
                .isPresent());
    }

    @Test
    public void aUserConfigurationWithoutAHashOrTenantIsRefusedNamingIt() {
        for (String[] bad : List.of(
                new String[] {"acme-ops", "plain-password", "tenant", "acme", "'password.hash' is not a hash"},
                new String[] {"acme-ops", "{sha-256}AAAA", "tenant", "", "role tenant needs 'tenant'"},
                new String[] {"acme-ops", "{sha-256}AAAA", "owner", "", "'role' must be admin, tenant or monitor"})) {
            try {
                new ApiUser(bad[0], bad[1], bad[2], bad[3]);
                fail("accepted " + List.of(bad));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith(ApiUser.PID + " 'acme-ops': "));
                assertTrue(e.getMessage(), e.getMessage().contains(bad[4]));
                assertFalse("the value is not repeated", e.getMessage().contains("plain-password"));
            }
        }
    }
}
