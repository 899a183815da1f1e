package io.sabot.api.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sabot's login, for a surface of the container that cannot select the {@link HttpSecurity} servlet context (the Felix
 * web console has a context of its own): the same credentials (the admin user, the users of {@code io.sabot.api.user}
 * configurations, the bearer tokens of {@code io.sabot.api.token} configurations) checked by the same code, with the
 * same login throttle, as every Sabot endpoint. A failed attempt here counts against the client's address for the HTTP
 * API too, and an address locked out there is locked out here. A service the HTTP API bundle provides; thread-safe.
 *
 * @since 1.2
 */
@ProviderType
public interface Authentication {

    /** What an authenticated principal may do (docs/http-api.md). */
    enum Role {
        /** Everything, every tenant's jobs. */
        ADMIN,
        /** Its tenant's jobs only. */
        TENANT,
        /** Read-only monitoring: {@code /health} and the metrics endpoints. */
        MONITOR
    }

    /** The outcome of a login: {@link Authenticated} or {@link Refused}. */
    sealed interface Result permits Authenticated, Refused {}

    /**
     * Valid credentials.
     *
     * @param user the user's or the token's name
     * @param role what it may do
     * @param tenant the tenant a {@link Role#TENANT} principal acts for, else null
     */
    record Authenticated(String user, Role role, String tenant) implements Result {}

    /**
     * No, unknown or wrong credentials ({@code status} 401), or an address locked out for failed logins (429, {@code
     * retryAfterSeconds} &gt; 0). {@code message} says which, without naming the credentials.
     */
    record Refused(int status, String message, long retryAfterSeconds) implements Result {}

    /**
     * Checks an {@code Authorization} header sent from {@code clientAddress}; a failure with credentials counts
     * against the address, a success clears its record.
     *
     * @param clientAddress the client's address ({@code request.getRemoteAddr()})
     * @param authorization the header's value, or null
     */
    Result authenticate(String clientAddress, String authorization);
}
