package io.sabot.api.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** Failed logins from one address are free up to a limit, then refused for doubling periods; others are not. */
public class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    public void refusesAnAddressAfterTooManyFailuresWithDoublingWaits() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
            assertEquals(0, throttle.failed("10.0.0.1"));
        }
        assertEquals(1, throttle.failed("10.0.0.1"));
        assertEquals(1, throttle.retryAfterSeconds("10.0.0.1"));
        assertEquals("another address is not refused", 0, throttle.retryAfterSeconds("10.0.0.2"));
        now.addAndGet(1_000);
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
        assertEquals(2, throttle.failed("10.0.0.1"));
        now.addAndGet(2_000);
        assertEquals(4, throttle.failed("10.0.0.1"));
        for (int i = 0; i < 30; i++) {
            throttle.failed("10.0.0.1");
        }
        assertEquals(LoginThrottle.MAX_LOCK_SECONDS, throttle.retryAfterSeconds("10.0.0.1"));
    }

    @Test
    public void aSuccessOrAQuietPeriodClearsTheRecord() {
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("a");
            throttle.failed("b");
        }
        assertTrue(throttle.retryAfterSeconds("a") > 0);
        throttle.succeeded("a");
        assertEquals(0, throttle.retryAfterSeconds("a"));
        assertEquals("one failure after a success is free again", 0, throttle.failed("a"));
        now.addAndGet((LoginThrottle.FORGET_SECONDS + 2) * 1000);
        assertEquals(0, throttle.retryAfterSeconds("b"));
        assertEquals(0, throttle.failed("b"));
    }

    @Test
    public void configuredPlainPasswordIsHashedAndAdminRefused() {
        var problems = new ArrayList<String>();
        AdminCredentials credentials = AdminCredentials.configured("ops", "a-long-new-passphrase", problems::add)
                .orElseThrow();
        assertTrue(credentials.authenticate("ops", "a-long-new-passphrase").isPresent());
        assertTrue(credentials.authenticate("ops", "admin").isEmpty());
        assertTrue(credentials.authenticate("admin", "a-long-new-passphrase").isEmpty());
        assertTrue(AdminCredentials.configured("admin", "admin", problems::add).isEmpty());
        assertTrue(problems.toString(), problems.get(0).contains(AdminCredentials.CONSOLE_PID));
    }
}
