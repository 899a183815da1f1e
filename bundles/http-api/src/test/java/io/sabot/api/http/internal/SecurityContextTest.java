package io.sabot.api.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sabot.api.http.HttpSecurity;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;
import org.osgi.service.servlet.context.ServletContextHelper;

/**
 * The authenticating servlet context every Sabot endpoint selects: no or wrong credentials get 401 with both
 * challenges and nothing reaches the servlet; a principal's name, and a tenant principal's tenant, are passed on as
 * request attributes; failed logins from one address lock it out (429 with Retry-After, whatever it then sends), and
 * requests without credentials are not counted as guesses.
 */
public class SecurityContextTest {

    private static final String MONITOR_TOKEN = "sabot_monitor-token-value";
    private static final String ACME_TOKEN = "sabot_acme-token-value";

    /** A request as the whiteboard hands it over, and what the context answered. */
    static final class Exchange {
        final Map<String, Object> attributes = new HashMap<>();
        final Map<String, List<String>> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status = 200;
        boolean allowed;
    }

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SecurityContext context =
            new SecurityContext(java.util.Optional.empty(), new LoginThrottle(now::get));

    public SecurityContextTest() throws Exception {
        context.addToken(new ApiToken("probe", sha256(MONITOR_TOKEN), "monitor"));
        context.addToken(new ApiToken("acme-ci", sha256(ACME_TOKEN), "tenant", "acme"));
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private Exchange call(String authorization) throws Exception {
        Exchange exchange = new Exchange();
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getHeader":
                            return "Authorization".equals(a[0]) ? authorization : null;
                        case "getRemoteAddr":
                            return "10.0.0.7";
                        case "getContentLengthLong":
                            return 0L;
                        case "getInputStream":
                            return new ServletInputStream() { // no body
                                @Override
                                public int read() {
                                    return -1;
                                }

                                @Override
                                public boolean isFinished() {
                                    return true;
                                }

                                @Override
                                public boolean isReady() {
                                    return true;
                                }

                                @Override
                                public void setReadListener(ReadListener listener) {}
                            };
                        case "setAttribute":
                            exchange.attributes.put((String) a[0], a[1]);
                            return null;
                        case "getAttribute":
                            return exchange.attributes.get((String) a[0]);
                        default:
                            return null;
                    }
                });
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}

            @Override
            public void write(int b) {
                exchange.body.write(b);
            }
        };
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> exchange.status = (Integer) a[0];
                        case "setHeader" -> exchange.headers.put(
                                (String) a[0], new ArrayList<>(List.of((String) a[1])));
                        case "addHeader" -> exchange.headers
                                .computeIfAbsent((String) a[0], k -> new ArrayList<>())
                                .add((String) a[1]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> {}
                    }
                    return null;
                });
        exchange.allowed = context.handleSecurity(request, response);
        return exchange;
    }

    private String body(Exchange exchange) {
        return exchange.body.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void withoutOrWithWrongCredentialsNothingPasses() throws Exception {
        for (String authorization :
                new String[] {null, "Bearer sabot_wrong", "Basic YWRtaW46YWRtaW4=", "Bearer", "Digest x"}) {
            Exchange refused = call(authorization);
            assertFalse(authorization, refused.allowed);
            assertEquals(authorization, 401, refused.status);
            assertEquals(Authenticator.CHALLENGES, refused.headers.get("WWW-Authenticate"));
            assertTrue(body(refused), body(refused).contains("\"unauthorized\""));
            assertNull(refused.attributes.get(ServletContextHelper.REMOTE_USER));
        }
    }

    @Test
    public void thePrincipalAndATenantsIdArePassedOn() throws Exception {
        Exchange monitor = call("Bearer " + MONITOR_TOKEN);
        assertTrue(monitor.allowed);
        assertEquals("probe", monitor.attributes.get(ServletContextHelper.REMOTE_USER));
        assertNull("a monitor sees every tenant", monitor.attributes.get(HttpSecurity.TENANT_ATTRIBUTE));
        Principal principal = (Principal) monitor.attributes.get(SecurityContext.PRINCIPAL_ATTRIBUTE);
        assertTrue(principal.has(Principal.Role.MONITOR));
        assertFalse(principal.has(Principal.Role.ADMIN));

        Exchange acme = call("Bearer " + ACME_TOKEN);
        assertTrue(acme.allowed);
        assertEquals("acme", acme.attributes.get(HttpSecurity.TENANT_ATTRIBUTE));
        assertEquals("no-store", acme.headers.get("Cache-Control").get(0));
    }

    @Test
    public void failedLoginsLockTheAddressOutButAnonymousRequestsDoNot() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals("no credentials is no guess", 401, call(null).status);
        }
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(401, call("Bearer sabot_wrong-" + i).status);
        }
        Exchange locked = call("Bearer " + MONITOR_TOKEN);
        assertFalse("refused while locked, even with valid credentials", locked.allowed);
        assertEquals(429, locked.status);
        assertEquals("1", locked.headers.get("Retry-After").get(0));
        assertTrue(body(locked), body(locked).contains("too_many_failed_logins"));
        now.addAndGet(1_000);
        assertTrue("after Retry-After valid credentials pass", call("Bearer " + MONITOR_TOKEN).allowed);
        assertEquals("the success cleared the record", 401, call("Bearer sabot_wrong").status);
    }
}
