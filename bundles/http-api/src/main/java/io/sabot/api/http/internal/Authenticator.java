package io.sabot.api.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Turns an {@code Authorization} header into a {@link Principal}: {@code Basic} against the admin credentials, then
 * the {@link ApiUser}s, {@code Bearer} against the API tokens. Nothing else authenticates, and no credential exists by default.
 */
final class Authenticator {

    /** The challenges of a 401 reply. */
    static final List<String> CHALLENGES =
            List.of("Basic realm=\"Sabot\", charset=\"UTF-8\"", "Bearer realm=\"Sabot\"");

    private Authenticator() {}

    /**
     * The principal the header proves, or empty (no header, an unknown scheme, wrong credentials, or a scheme that is
     * off).
     */
    static Optional<Principal> authenticate(String header, Optional<AdminCredentials> admin, List<ApiToken> tokens) {
        return authenticate(header, admin, List.of(), tokens);
    }

    /**
     * The principal the header proves, or empty (no header, an unknown scheme, wrong credentials, or a scheme that is
     * off).
     */
    static Optional<Principal> authenticate(
            String header, Optional<AdminCredentials> admin, List<ApiUser> users, List<ApiToken> tokens) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = value.substring(0, space);
        String credentials = value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String user = decoded.substring(0, colon);
            String password = decoded.substring(colon + 1);
            if (admin.isPresent() && admin.get().isUser(user)) {
                return admin.get().authenticate(user, password);
            }
            ApiUser found = null;
            for (ApiUser candidate : users) { // no early exit: the time does not tell where the name is
                if (candidate.isUser(user) && found == null) {
                    found = candidate;
                }
            }
            if (found == null) {
                // an unknown name costs a hash too, so the time does not tell which names exist
                admin.ifPresent(a -> a.verify(user, password));
                return Optional.empty();
            }
            return found.verify(user, password) ? Optional.of(found.principal()) : Optional.empty();
        }
        if (scheme.equalsIgnoreCase("Bearer") && !credentials.isEmpty()) {
            byte[] digest = sha256(credentials);
            Principal found = null;
            for (ApiToken token : tokens) { // no early exit: the time does not tell which token matched
                if (token.matches(digest) && found == null) {
                    found = token.principal();
                }
            }
            return Optional.ofNullable(found);
        }
        return Optional.empty();
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
