package io.sabot.connector.spi;

import java.time.Duration;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whether a table's external system answers now: a Kafka cluster, a directory. Created by a {@link ConnectorHealth}
 * per table of a running job and asked when someone asks for the node's health ({@code /health}, {@code bin/sabot
 * health}), never on a task thread. It may keep a connection between checks; the runtime closes it when the job ends.
 *
 * <p>Calls come from one thread at a time. {@link #check} may block, but returns within about {@code timeout}; an
 * unreachable system is an unhealthy {@link Result}, not an exception.
 *
 * @since 1.3
 */
@ConsumerType
public interface ConnectivityCheck extends AutoCloseable {

    /**
     * Contacts the system once.
     *
     * @param timeout how long the check may take
     * @return healthy or not, with a message naming what was checked (brokers, path) and, when unhealthy, why
     */
    Result check(Duration timeout);

    /** Releases what the check holds (a client). Default: nothing. */
    @Override
    default void close() {}

    /**
     * The outcome of one check.
     *
     * @param healthy whether the system answered as the table needs
     * @param message what was checked and what it answered
     */
    record Result(boolean healthy, String message) {

        public static Result healthy(String message) {
            return new Result(true, message);
        }

        public static Result unhealthy(String message) {
            return new Result(false, message);
        }
    }
}
