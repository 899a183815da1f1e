package io.sabot.webconsole.internal;

import io.sabot.api.http.Authentication;
import io.sabot.api.http.Authentication.Authenticated;
import io.sabot.api.http.Authentication.Refused;
import io.sabot.api.http.HttpSecurity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.felix.webconsole.servlet.User;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The web console's login: the HTTP API's {@link Authentication} (the admin, the {@code io.sabot.api.user} users and the
 * bearer tokens, with the API's login throttle), so the console has no credentials of its own. It outranks the
 * console's built-in provider (which has the lowest ranking), whose admin login it reproduces: the same user and
 * password, also a password saved in the console's configuration.
 *
 * <p>The console itself authorizes nothing per page, so this decides: the admin may open everything; a tenant's user
 * only the Sabot Jobs page (and the console's static resources), where it sees its own tenant's jobs; every other page
 * and action answers 403. A monitor credential opens nothing.
 */
@Component(service = SecurityProvider.class, property = SecurityProvider.PROPERTY_ID + "=sabot")
public final class ConsoleSecurityProvider implements SecurityProvider {

    /** The console's default realm: its logout asks the browser to forget credentials of this realm. */
    static final String REALM = "OSGi Management Console";

    private final Authentication authentication;

    /** Who logged in; the console hands it to plugins in the request attribute {@code User.USER_ATTRIBUTE}. */
    record ConsoleUser(String name, Authentication.Role role, String tenant) {}

    @Activate
    public ConsoleSecurityProvider(@Reference Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        Authentication.Result result =
                authentication.authenticate(request.getRemoteAddr(), request.getHeader("Authorization"));
        try {
            if (result instanceof Refused refused) {
                if (refused.retryAfterSeconds() > 0) {
                    response.setHeader("Retry-After", String.valueOf(refused.retryAfterSeconds()));
                } else {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
                }
                refuse(response, refused.status(), refused.message());
                return null;
            }
            Authenticated user = (Authenticated) result;
            switch (user.role()) {
                case ADMIN -> {
                    return new ConsoleUser(user.user(), user.role(), null);
                }
                case TENANT -> {
                    String path = pathBelowConsole(request);
                    if (path.isEmpty() || path.equals("/")) {
                        // the console's start page is the bundles page: a tenant's is its jobs
                        response.sendRedirect(consoleRoot(request) + "/" + JobsConsolePlugin.LABEL);
                        return null;
                    }
                    if (!tenantMayOpen(path)) {
                        refuse(
                                response,
                                403,
                                user.user() + " acts for tenant " + user.tenant()
                                        + ": a tenant may open only the Sabot Jobs page of the console");
                        return null;
                    }
                    request.setAttribute(HttpSecurity.TENANT_ATTRIBUTE, user.tenant());
                    return new ConsoleUser(user.user(), user.role(), user.tenant());
                }
                default -> {
                    refuse(response, 403, user.user() + " is a monitoring credential: it does not open the console");
                    return null;
                }
            }
        } catch (IOException e) {
            return null; // the client went away: nothing to reply to
        }
    }

    /**
     * Whether a tenant's user may open {@code path} (below the console's root, as sent): the jobs page and the console's
     * static resources, nothing else. Anything encoded or dotted is refused rather than interpreted.
     */
    static boolean tenantMayOpen(String path) {
        if (path.contains("%")
                || path.contains("..")
                || path.contains("//")
                || path.contains(";")
                || path.contains("\\")) {
            return false;
        }
        return path.equals("/" + JobsConsolePlugin.LABEL) || path.startsWith("/res/") || path.equals("/logout");
    }

    /** The request's path below the console's root ({@code /system/console}), as sent. */
    static String pathBelowConsole(HttpServletRequest request) {
        String root = consoleRoot(request);
        String uri = request.getRequestURI();
        return uri.startsWith(root) ? uri.substring(root.length()) : uri;
    }

    private static String consoleRoot(HttpServletRequest request) {
        // the console's wrapper: context path without the console's root, which is the servlet path
        return request.getContextPath() + request.getServletPath();
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().println(message);
    }

    /** Whether the request's console user acts for a tenant (the pages that are the admin's refuse it themselves too). */
    static boolean actsForTenant(HttpServletRequest request) {
        return request.getAttribute(User.USER_ATTRIBUTE) instanceof User u
                && u.getUserObject() instanceof ConsoleUser c
                && c.tenant() != null;
    }

    /** Not used by the console for its pages (see the class comment); answers for the admin only. */
    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof ConsoleUser u && u.role() == Authentication.Role.ADMIN;
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // basic authentication keeps no session: the console's own logout asks the browser to forget
    }
}
