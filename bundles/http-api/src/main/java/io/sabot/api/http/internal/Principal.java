package io.sabot.api.http.internal;

import java.util.Set;

/**
 * Who a request comes from, once authenticated: a name for audit, how it authenticated, and its roles. Endpoints ask
 * for a role, never for a kind of credential.
 *
 * <p>An {@link Role#ADMIN} sees and does everything; a {@link Role#TENANT} principal acts for its {@link #tenant}, and
 * the endpoints narrow what it sees to that tenant's jobs.
 *
 * @param name the user name or the token's name
 * @param scheme {@code basic} or {@code bearer}
 * @param roles what the principal may do
 * @param tenant the tenant a {@link Role#TENANT} principal acts for, else null
 */
record Principal(String name, String scheme, Set<Role> roles, String tenant) {

    /** What a principal may do. */
    enum Role {
        /** Everything: every tenant's jobs, every plug-in, the tenants. */
        ADMIN,
        /** Its tenant's jobs only (submit, list, inspect, cancel, stop, savepoint), and the plug-ins. */
        TENANT,
        /**
         * Read-only monitoring: {@code /health} and the metrics endpoints of every tenant, nothing of the API (a probe's
         * or a scraper's credential, which cannot submit or cancel anything).
         */
        MONITOR
    }

    Principal {
        roles = Set.copyOf(roles);
    }

    /** A principal that acts for no tenant (an administrator). */
    Principal(String name, String scheme, Set<Role> roles) {
        this(name, scheme, roles, null);
    }

    boolean has(Role role) {
        return roles.contains(role);
    }
}
