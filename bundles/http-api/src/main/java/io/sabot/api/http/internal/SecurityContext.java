package io.sabot.api.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.api.http.Authentication;
import io.sabot.api.http.HttpSecurity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.context.ServletContextHelper;

/**
 * The servlet context {@value HttpSecurity#CONTEXT_NAME} at {@code /} ({@link HttpSecurity}): every Sabot endpoint
 * (the API, {@code /health}, the Prometheus exporters) selects it, so one piece of code authenticates them all, with
 * one login throttle. A request without valid credentials (HTTP basic with the web console's admin credentials, or a
 * bearer token of an {@link ApiToken} configuration) gets 401 with the challenges; an address with too many failed
 * logins in a row gets 429 with {@code Retry-After}, whatever it sends. Refusals are the API's JSON errors.
 *
 * <p>As {@link Authentication} it gives the same login, with the same throttle, to the web console, which has a servlet
 * context of its own.
 *
 * <p>One instance for every bundle (not a service factory): the throttle must count an address's failures wherever
 * they happen. The servlets read no resources through the context, so whose bundle it serves does not matter.
 */
@Component(
        service = {ServletContextHelper.class, ConfigurationListener.class, Authentication.class},
        property = {
            "osgi.http.whiteboard.context.name=" + HttpSecurity.CONTEXT_NAME,
            "osgi.http.whiteboard.context.path=/"
        })
public final class SecurityContext extends ServletContextHelper implements ConfigurationListener, Authentication {

    /** Framework property: failed logins in a row one address may make before it is locked out (default 5). */
    static final String FREE_FAILURES_PROPERTY = "sabot.api.login.free-failures";

    /** The request attribute that carries the {@link Principal} to the API servlet (same bundle). */
    static final String PRINCIPAL_ATTRIBUTE = Principal.class.getName();

    /** Bodies of refused requests larger than this are not read before the reply (the connection closes). */
    static final int MAX_DISCARDED_BODY = 1 << 20;

    /** The JDK's logger facade: no logging package to import (the framework may hold several slf4j providers). */
    private static final System.Logger LOG = System.getLogger(SecurityContext.class.getName());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The framework properties' credentials (the launcher's), used while the console's configuration has none. */
    private final Optional<AdminCredentials> frameworkAdmin;

    private final LoginThrottle throttle;
    private final List<ApiToken> tokens = new CopyOnWriteArrayList<>();
    private final List<ApiUser> users = new CopyOnWriteArrayList<>();
    private volatile Optional<AdminCredentials> admin;
    private volatile ConfigurationAdmin configurationAdmin;

    @Activate
    public SecurityContext(BundleContext context) {
        this(
                AdminCredentials.of(
                        context.getProperty(AdminCredentials.USERNAME),
                        context.getProperty(AdminCredentials.PASSWORD),
                        problem -> LOG.log(System.Logger.Level.WARNING, "Sabot HTTP: " + problem)),
                throttle(context.getProperty(FREE_FAILURES_PROPERTY)));
    }

    SecurityContext(Optional<AdminCredentials> admin, LoginThrottle throttle) {
        this.frameworkAdmin = admin;
        this.admin = admin;
        this.throttle = throttle;
    }

    private static LoginThrottle throttle(String free) {
        if (free != null && !free.isBlank()) {
            try {
                return new LoginThrottle(System::currentTimeMillis, Integer.parseInt(free.strip()));
            } catch (NumberFormatException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Sabot HTTP: " + FREE_FAILURES_PROPERTY + " must be a whole number, got '" + free
                                + "': keeping " + LoginThrottle.FREE_FAILURES);
            }
        }
        return new LoginThrottle(System::currentTimeMillis);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setConfigurationAdmin(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
        reloadAdmin();
    }

    void unsetConfigurationAdmin(ConfigurationAdmin configurationAdmin) {
        if (this.configurationAdmin == configurationAdmin) {
            this.configurationAdmin = null;
        }
    }

    /** A password changed in the web console (its configuration) applies here at once, without a restart. */
    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (AdminCredentials.CONSOLE_PID.equals(event.getPid())) {
            reloadAdmin();
        }
    }

    private synchronized void reloadAdmin() {
        ConfigurationAdmin cm = configurationAdmin;
        Optional<AdminCredentials> credentials = frameworkAdmin;
        if (cm != null) {
            try {
                Configuration[] found = cm.listConfigurations("(service.pid=" + AdminCredentials.CONSOLE_PID + ")");
                Dictionary<String, Object> properties = found == null ? null : found[0].getProperties();
                Object password = properties == null ? null : properties.get("password");
                if (password != null && !String.valueOf(password).isBlank()) {
                    Object user = properties.get("username");
                    credentials = AdminCredentials.configured(
                            user == null ? null : String.valueOf(user),
                            String.valueOf(password),
                            problem -> LOG.log(System.Logger.Level.WARNING, "Sabot HTTP: " + problem));
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.log(System.Logger.Level.WARNING, "Sabot HTTP: cannot read " + AdminCredentials.CONSOLE_PID, e);
            }
        }
        admin = credentials;
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addToken(ApiToken token) {
        tokens.add(token);
    }

    void removeToken(ApiToken token) {
        tokens.remove(token);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addUser(ApiUser user) {
        users.add(user);
    }

    void removeUser(ApiUser user) {
        users.remove(user);
    }

    @Override
    public Result authenticate(String clientAddress, String authorization) {
        long wait = throttle.retryAfterSeconds(clientAddress);
        if (wait > 0) {
            return new Refused(429, "too many failed logins from this address: try again in " + wait + " s", wait);
        }
        Optional<Principal> principal = login(clientAddress, authorization);
        if (principal.isEmpty()) {
            return new Refused(
                    401, authorization != null ? "invalid credentials" : "credentials are required (HTTP basic)", 0);
        }
        Principal p = principal.get();
        Role role =
                p.has(Principal.Role.ADMIN) ? Role.ADMIN : p.has(Principal.Role.TENANT) ? Role.TENANT : Role.MONITOR;
        return new Authenticated(p.name(), role, role == Role.TENANT ? p.tenant() : null);
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String address = request.getRemoteAddr();
        // locked out before this attempt: 429 without looking at the credentials
        long wait = throttle.retryAfterSeconds(address);
        if (wait > 0) {
            discardBody(request);
            response.setHeader("Retry-After", String.valueOf(wait));
            write(
                    response,
                    429,
                    "too_many_failed_logins",
                    "too many failed logins from this address: try again in " + wait + " s");
            return false;
        }
        Optional<Principal> principal = login(address, request.getHeader("Authorization"));
        if (principal.isEmpty()) {
            discardBody(request);
            Authenticator.CHALLENGES.forEach(c -> response.addHeader("WWW-Authenticate", c));
            write(
                    response,
                    401,
                    "unauthorized",
                    request.getHeader("Authorization") != null
                            ? "invalid credentials"
                            : "credentials are required (HTTP basic with the admin user or a user, or a bearer"
                                    + " token)");
            return false;
        }
        Principal p = principal.get();
        request.setAttribute(REMOTE_USER, p.name());
        request.setAttribute(AUTHENTICATION_TYPE, p.scheme().equals("basic") ? "BASIC" : "BEARER");
        request.setAttribute(PRINCIPAL_ATTRIBUTE, p);
        if (p.tenant() != null) {
            request.setAttribute(HttpSecurity.TENANT_ATTRIBUTE, p.tenant());
        }
        return true;
    }

    /** Who {@code authorization} proves, counting a failure with credentials against {@code address}. */
    Optional<Principal> login(String address, String authorization) {
        Optional<Principal> principal =
                Authenticator.authenticate(authorization, admin, List.copyOf(users), List.copyOf(tokens));
        if (principal.isPresent()) {
            throttle.succeeded(address);
        } else if (authorization != null) {
            // only sent credentials count: a request without any is no guess
            long locked = throttle.failed(address);
            if (locked > 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Sabot HTTP: failed logins from " + address + ": refused for " + locked + " s");
            }
        }
        return principal;
    }

    /**
     * Reads a refused request's body without looking at it: a reply sent while the client is still sending its body
     * makes the server close the connection, and the client sees a broken pipe instead of the refusal.
     */
    private static void discardBody(HttpServletRequest request) {
        if (request.getContentLengthLong() > MAX_DISCARDED_BODY) {
            return; // not worth reading: the connection closes after the reply
        }
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            long read = 0;
            for (int n; read <= MAX_DISCARDED_BODY && (n = in.read(buffer)) > 0; ) {
                read += n;
            }
        } catch (IOException e) {
            // the client went away: nothing to reply to
        }
    }

    private static void write(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        JSON.writerWithDefaultPrettyPrinter().writeValue(response.getOutputStream(), body);
    }
}
