package io.sabot.api.http.internal;

import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * A user who logs in with HTTP basic authentication, to the HTTP API, {@code /health}, the metrics endpoints and the web
 * console alike: a factory configuration {@value #PID} (e.g. {@code etc/io.sabot.api.user-acme.cfg}, written by {@code
 * bin/sabot user acme --tenant acme}) with the user's name, a salted hash of its password in the web console's form
 * ({@code {sha-256}<salt>-<iterations>-<base64>}), its role and, for the tenant role, its tenant. The plain password is
 * never stored. A configuration with a malformed hash, an unknown role, or a tenant role without a tenant does not
 * activate (Config Admin and the web console show why); it grants nothing. The admin user's name stays the admin's: a
 * user configuration with that name is never consulted.
 */
@Component(service = ApiUser.class, configurationPid = ApiUser.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ApiUser.Config.class, factory = true)
public final class ApiUser {

    public static final String PID = "io.sabot.api.user";

    @ObjectClassDefinition(
            name = "Sabot user",
            description = "A user of the HTTP API and the web console (HTTP basic): its name, the salted hash of its"
                    + " password, its role and, for the tenant role, its tenant.")
    public @interface Config {
        String webconsole_configurationFactory_nameHint() default "{name} ({role} {tenant})";

        @AttributeDefinition(name = "Name", description = "The user name to log in with.")
        String name();

        @AttributeDefinition(
                name = "Password hash",
                description = "{sha-256}<salt>-<iterations>-<base64>, as 'bin/sabot user NAME' writes it; never the"
                        + " plain password.")
        String password_hash();

        @AttributeDefinition(
                name = "Role",
                description = "tenant: its tenant's jobs (the console's Sabot Jobs page only); admin: everything;"
                        + " monitor: /health and the metrics endpoints only.",
                options = {
                    @Option(label = "tenant", value = "tenant"),
                    @Option(label = "admin", value = "admin"),
                    @Option(label = "monitor", value = "monitor")
                })
        String role() default "tenant";

        @AttributeDefinition(
                name = "Tenant",
                description = "For the tenant role: the id of the tenant (io.sabot.tenant) the user acts for.",
                required = false)
        String tenant() default "";
    }

    private final String name;
    private final AdminCredentials credentials;
    private final Set<Principal.Role> roles;
    private final String tenant;

    @Activate
    public ApiUser(Config config) {
        this(config.name(), config.password_hash(), config.role(), config.tenant());
    }

    ApiUser(String name, String passwordHash, String role, String tenant) {
        if (name == null || name.isBlank() || name.contains(":")) {
            throw new IllegalArgumentException(PID + ": 'name' is required and may not contain ':'");
        }
        String forTenant = tenant == null ? "" : tenant.strip();
        this.roles = ApiToken.roles(PID, name.strip(), role, forTenant);
        try {
            this.credentials = AdminCredentials.hashed(name.strip(), passwordHash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + " '" + name.strip() + "': 'password.hash' is " + e.getMessage());
        }
        this.name = name.strip();
        this.tenant = forTenant.isEmpty() ? null : forTenant;
    }

    String name() {
        return name;
    }

    /** Whether this is the entry of {@code user} (constant time). */
    boolean isUser(String user) {
        return credentials.isUser(user);
    }

    /** Whether {@code user} and {@code password} are this user's; the hash is always computed. */
    boolean verify(String user, String password) {
        return credentials.verify(user, password);
    }

    Principal principal() {
        return new Principal(name, "basic", roles, tenant);
    }
}
