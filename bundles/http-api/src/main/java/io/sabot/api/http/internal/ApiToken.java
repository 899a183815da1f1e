package io.sabot.api.http.internal;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One bearer token of the HTTP API, declared as a factory configuration {@value #PID} (e.g. {@code
 * etc/io.sabot.api.token-ci.cfg}, written by {@code bin/sabot token ci}). Only the SHA-256 of the token is stored:
 * tokens are 256-bit random values, so an unsalted hash is as good as a password hash and can be checked per request
 * at no cost. A token with role {@code tenant} acts for the tenant its {@code tenant} property names (docs/tenants.md); one with
 * role {@code monitor} may only read {@code /health} and the metrics endpoints.
 * A configuration with a malformed hash, an unknown role, or a tenant role without a tenant does not activate (Config
 * Admin and the web console show why); it grants nothing.
 */
@Component(service = ApiToken.class, configurationPid = ApiToken.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ApiToken.Config.class, factory = true)
public final class ApiToken {

    public static final String PID = "io.sabot.api.token";

    @ObjectClassDefinition(
            name = "Sabot HTTP API token",
            description = "A bearer token for /sabot/api/v1: its name, the SHA-256 of the token (hex), its role and,"
                    + " for the tenant role, its tenant.")
    public @interface Config {
        String webconsole_configurationFactory_nameHint() default "{name} ({role} {tenant})";

        @AttributeDefinition(name = "Name", description = "Who or what uses the token (shown in audit messages).")
        String name();

        @AttributeDefinition(
                name = "Token SHA-256",
                description = "Lower-case hex SHA-256 of the token's UTF-8 bytes; 'bin/sabot token NAME' writes it.")
        String token_sha256();

        @AttributeDefinition(
                name = "Role",
                description =
                        "admin: everything; tenant: its tenant's jobs and metrics; monitor: /health and the metrics"
                                + " endpoints only (read-only, for probes and scrapers).",
                options = {
                    @Option(label = "admin", value = "admin"),
                    @Option(label = "tenant", value = "tenant"),
                    @Option(label = "monitor", value = "monitor")
                })
        String role() default "admin";

        @AttributeDefinition(
                name = "Tenant",
                description = "For the tenant role: the id of the tenant (io.sabot.tenant) the token acts for.",
                required = false)
        String tenant() default "";
    }

    private final String name;
    private final byte[] hash;
    private final Set<Principal.Role> roles;
    private final String tenant;

    @Activate
    public ApiToken(Config config) {
        this(config.name(), config.token_sha256(), config.role(), config.tenant());
    }

    ApiToken(String name, String sha256, String role) {
        this(name, sha256, role, "");
    }

    ApiToken(String name, String sha256, String role, String tenant) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(PID + ": 'name' is required");
        }
        String hex = sha256 == null ? "" : sha256.strip().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    PID + " '" + name + "': 'token.sha256' must be 64 hex digits (the SHA-256 of the token)");
        }
        String forTenant = tenant == null ? "" : tenant.strip();
        this.roles = roles(PID, name, role, forTenant);
        this.name = name.strip();
        this.hash = HexFormat.of().parseHex(hex);
        this.tenant = forTenant.isEmpty() ? null : forTenant;
    }

    /**
     * The roles of a credential configuration named {@code name} of {@code pid} with this {@code role} and {@code
     * tenant} (stripped); a tenant for an admin or monitor role, a tenant role without one, or an unknown role are
     * errors that name the configuration.
     */
    static Set<Principal.Role> roles(String pid, String name, String role, String tenant) {
        if ("admin".equals(role) || "monitor".equals(role)) {
            if (!tenant.isEmpty()) {
                throw new IllegalArgumentException(pid + " '" + name + "': 'tenant' = '" + tenant
                        + "' is for role tenant; an " + role + " principal acts for every tenant");
            }
            return Set.of("admin".equals(role) ? Principal.Role.ADMIN : Principal.Role.MONITOR);
        }
        if ("tenant".equals(role)) {
            if (tenant.isEmpty()) {
                throw new IllegalArgumentException(
                        pid + " '" + name + "': role tenant needs 'tenant', the id of the tenant it acts for");
            }
            return Set.of(Principal.Role.TENANT);
        }
        throw new IllegalArgumentException(
                pid + " '" + name + "': 'role' must be admin, tenant or monitor, not '" + role + "'");
    }

    String name() {
        return name;
    }

    /** Whether {@code digest}, the SHA-256 of a presented token, is this token's; constant time. */
    boolean matches(byte[] digest) {
        return java.security.MessageDigest.isEqual(hash, digest);
    }

    Principal principal() {
        return new Principal(name, "bearer", roles, tenant);
    }
}
