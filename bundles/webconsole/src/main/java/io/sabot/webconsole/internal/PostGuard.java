package io.sabot.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Keeps other sites from acting through a browser's cached console credentials (cross-site request forgery): a POST to
 * a Sabot console page must come from a page of this console. Its {@code Origin} (or, without one, its {@code
 * Referer}) must be this server, {@code Sec-Fetch-Site}, if sent, {@code same-origin}, and it must carry the form's
 * token, random per guard. The Felix console itself checks none of this.
 */
final class PostGuard {

    private final String token;

    PostGuard(SecureRandom random) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret);
    }

    /** The value the page's forms carry in their {@code token} field. */
    String token() {
        return token;
    }

    /**
     * Why a POST is refused, if it is. Browsers send {@code Origin} with every POST; a request that sends neither it
     * nor {@code Referer} is refused too.
     */
    Optional<String> refusal(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return Optional.of("a cross-site request (Sec-Fetch-Site: " + site + ")");
        }
        String host = request.getHeader("Host");
        String origin = request.getHeader("Origin");
        String from = origin != null && !origin.equals("null") ? origin : request.getHeader("Referer");
        if (from == null) {
            return Optional.of("the request names no Origin or Referer; actions come from the console's pages only");
        }
        if (host == null || !host.equalsIgnoreCase(authority(from))) {
            return Optional.of("the request comes from another origin (" + from + ")");
        }
        String sent = request.getParameter("token");
        if (sent == null
                || !MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("the form's token is missing or stale: reload the page and try again");
        }
        return Optional.empty();
    }

    private static String authority(String url) {
        try {
            String authority = new URI(url).getRawAuthority();
            if (authority == null) {
                return "";
            }
            return authority.substring(authority.indexOf('@') + 1); // credentials in the URL are not the host
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
