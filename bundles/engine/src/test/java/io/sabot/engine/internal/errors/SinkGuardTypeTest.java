package io.sabot.engine.internal.errors;

import static org.junit.Assert.assertEquals;

import io.sabot.errors.spi.ErrorType;
import io.sabot.plugin.PluginException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.Test;

/** How a sink's failure is typed: by its cause chain, including client libraries' own exception classes. */
public class SinkGuardTypeTest {

    /** Named as kafka-clients' org.apache.kafka.common.errors.TimeoutException, which the engine cannot import. */
    static final class TimeoutException extends RuntimeException {
        TimeoutException(String message) {
            super(message);
        }
    }

    /** Named as kafka-clients' NetworkException. */
    static final class NetworkException extends RuntimeException {
        NetworkException(String message) {
            super(message);
        }
    }

    @Test
    public void timeoutsAndNetworkFailuresAnywhereInTheCauseChain() {
        assertEquals(ErrorType.TIMEOUT, SinkGuard.type(new IOException("write", new SocketTimeoutException("read"))));
        assertEquals(ErrorType.TIMEOUT, SinkGuard.type(new java.util.concurrent.TimeoutException("flush")));
        assertEquals(
                ErrorType.TIMEOUT,
                SinkGuard.type(new PluginException(
                        "send failed", new TimeoutException("Expiring 12 record(s) for trades-0: 3000 ms"), true)));
        assertEquals(ErrorType.NETWORK, SinkGuard.type(new IOException("write", new ConnectException("refused"))));
        assertEquals(
                ErrorType.NETWORK,
                SinkGuard.type(new PluginException("send failed", new NetworkException("disconnected"), true)));
        assertEquals(ErrorType.CONNECTOR, SinkGuard.type(new IllegalStateException("rejected by the target")));
    }
}
