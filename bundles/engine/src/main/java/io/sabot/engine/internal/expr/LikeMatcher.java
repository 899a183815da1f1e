package io.sabot.engine.internal.expr;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQL {@code LIKE} pattern compiled once into literal segments separated by wildcards, matched directly against
 * UTF-8 bytes: {@code _} consumes one character (one code point), {@code %} any run. Common shapes (prefix,
 * suffix, substring, exact) need no backtracking; the general case backtracks to the last {@code %} only.
 */
final class LikeMatcher {

    /** Pattern tokens: literal bytes, or a wildcard. */
    private final byte[][] literals;

    private final int[] kinds; // 0 literal, 1 '_', 2 '%'

    LikeMatcher(String pattern, Character escape) {
        List<byte[]> lits = new ArrayList<>();
        List<Integer> ks = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape) {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("LIKE pattern '" + pattern + "' ends with the escape character");
                }
                literal.append(pattern.charAt(++i));
            } else if (c == '%' || c == '_') {
                flush(literal, lits, ks);
                if (c == '%' && !ks.isEmpty() && ks.get(ks.size() - 1) == 2) {
                    continue; // '%%' is '%'
                }
                lits.add(null);
                ks.add(c == '%' ? 2 : 1);
            } else {
                literal.append(c);
            }
        }
        flush(literal, lits, ks);
        this.literals = lits.toArray(new byte[0][]);
        this.kinds = ks.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void flush(StringBuilder literal, List<byte[]> lits, List<Integer> ks) {
        if (literal.length() > 0) {
            lits.add(literal.toString().getBytes(StandardCharsets.UTF_8));
            ks.add(0);
            literal.setLength(0);
        }
    }

    boolean matches(byte[] s, int from, int to) {
        return match(0, s, from, to);
    }

    private boolean match(int token, byte[] s, int at, int to) {
        while (token < kinds.length) {
            switch (kinds[token]) {
                case 0 -> {
                    byte[] lit = literals[token];
                    if (to - at < lit.length || !regionEquals(s, at, lit)) {
                        return false;
                    }
                    at += lit.length;
                    token++;
                }
                case 1 -> {
                    if (at >= to) {
                        return false;
                    }
                    at = nextChar(s, at, to);
                    token++;
                }
                default -> {
                    token++;
                    if (token == kinds.length) {
                        return true; // trailing '%'
                    }
                    if (kinds[token] == 0 && token == kinds.length - 1) {
                        // '%literal' at the end: a suffix test
                        byte[] lit = literals[token];
                        return to - at >= lit.length && regionEquals(s, to - lit.length, lit);
                    }
                    if (kinds[token] == 0) {
                        byte[] lit = literals[token];
                        for (int p = at; p + lit.length <= to; p++) {
                            if (regionEquals(s, p, lit) && match(token + 1, s, p + lit.length, to)) {
                                return true;
                            }
                        }
                        return false;
                    }
                    for (int p = at; p <= to; p = p < to ? nextChar(s, p, to) : to + 1) {
                        if (match(token, s, p, to)) {
                            return true;
                        }
                    }
                    return false;
                }
            }
        }
        return at == to;
    }

    private static boolean regionEquals(byte[] s, int at, byte[] lit) {
        return java.util.Arrays.equals(s, at, at + lit.length, lit, 0, lit.length);
    }

    static int nextChar(byte[] s, int at, int to) {
        at++;
        while (at < to && (s[at] & 0xC0) == 0x80) {
            at++;
        }
        return at;
    }
}
