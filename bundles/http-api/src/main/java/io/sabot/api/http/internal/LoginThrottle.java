package io.sabot.api.http.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing: after {@value #FREE_FAILURES} failed logins in a row from one client address, that
 * address is refused (429 with {@code Retry-After}) without its credentials being looked at, for 1 s after the next
 * failure, then 2 s, 4 s, … up to {@value #MAX_LOCK_SECONDS} s. A successful login clears the address's record; so
 * does a quiet {@value #FORGET_SECONDS} s. At most {@value #MAX_ADDRESSES} addresses are remembered (the oldest
 * forgotten first), so a flood of addresses cannot exhaust memory.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final long MAX_LOCK_SECONDS = 300;
    static final long FORGET_SECONDS = 900;
    static final int MAX_ADDRESSES = 10_000;

    private record Failures(int count, long lastMillis, long lockedUntilMillis) {}

    private final LongSupplier clock;
    private final int freeFailures;
    private final Map<String, Failures> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    LoginThrottle(LongSupplier clock) {
        this(clock, FREE_FAILURES);
    }

    /** With {@code freeFailures} failed logins in a row allowed before the lock-out (the framework property {@value ApiServlet#FREE_FAILURES_PROPERTY}). */
    LoginThrottle(LongSupplier clock, int freeFailures) {
        this.clock = clock;
        this.freeFailures = freeFailures;
    }

    /** Seconds the address must still wait (rounded up), or 0 if it may try to log in now. */
    synchronized long retryAfterSeconds(String address) {
        Failures f = current(address);
        long wait = f == null ? 0 : f.lockedUntilMillis() - clock.getAsLong();
        return wait <= 0 ? 0 : (wait + 999) / 1000;
    }

    /** Records a failed login; returns the seconds the address is now locked out (0 while failures are free). */
    synchronized long failed(String address) {
        long now = clock.getAsLong();
        Failures f = current(address);
        int count = f == null ? 1 : f.count() + 1;
        long lock =
                count <= freeFailures ? 0 : Math.min(MAX_LOCK_SECONDS, 1L << Math.min(count - freeFailures - 1, 20));
        byAddress.put(address, new Failures(count, now, now + lock * 1000));
        return lock;
    }

    synchronized void succeeded(String address) {
        byAddress.remove(address);
    }

    private Failures current(String address) {
        Failures f = byAddress.get(address);
        if (f != null && clock.getAsLong() - Math.max(f.lastMillis(), f.lockedUntilMillis()) > FORGET_SECONDS * 1000) {
            byAddress.remove(address);
            return null;
        }
        return f;
    }
}
