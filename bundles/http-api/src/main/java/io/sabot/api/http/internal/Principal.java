package io.sabot.api.http.internal;

import java.util.Set;

/**
 * Who a request comes from, once authenticated: a name for audit, how it authenticated, and its roles. Endpoints ask
 * for a role, never for a kind of credential.
 *
 * <p>Only {@link Role#ADMIN} exists now; tenants (issue 7's next step) add a tenant role and the tenant the principal
 * acts for, and the endpoints narrow what they show to it.
 *
 * @param name the user name or the token's name
 * @param scheme {@code basic} or {@code bearer}
 * @param roles what the principal may do
 */
record Principal(String name, String scheme, Set<Role> roles) {

    /** What a principal may do. */
    enum Role {
        /** Everything: every job, every plug-in. */
        ADMIN
    }

    Principal {
        roles = Set.copyOf(roles);
    }

    boolean has(Role role) {
        return roles.contains(role);
    }
}
