package io.sabot.api.http;

/**
 * How a servlet of the container gets Sabot's authentication: it selects the servlet context {@value #CONTEXT_NAME}
 * of the HTTP whiteboard ({@code osgi.http.whiteboard.context.select} = {@value #CONTEXT_SELECT}), which this bundle
 * registers at {@code /}. That context answers every request to the servlet that has no valid credentials (the HTTP
 * API's: the admin user, or a bearer token) with 401, and a client locked out for failed logins with 429, before the
 * servlet sees it. A servlet that selects the context while this bundle is absent is not registered at all: there is
 * no anonymous fallback.
 *
 * <p>For an authenticated request, {@code request.getRemoteUser()} is the principal's name, and the request attribute
 * {@value #TENANT_ATTRIBUTE} is the id of the tenant a tenant principal acts for (a {@code String}); it is absent for
 * the administrator and for a monitor principal, which see every tenant. A servlet that shows tenant data must narrow
 * it to that tenant when the attribute is present.
 */
public final class HttpSecurity {

    /** The name of the servlet context that authenticates. */
    public static final String CONTEXT_NAME = "sabot";

    /** The value of {@code osgi.http.whiteboard.context.select} that puts a servlet in that context. */
    public static final String CONTEXT_SELECT = "(osgi.http.whiteboard.context.name=" + CONTEXT_NAME + ")";

    /** The request attribute that holds the tenant id of a tenant principal; absent for the others. */
    public static final String TENANT_ATTRIBUTE = "io.sabot.tenant";

    private HttpSecurity() {}
}
