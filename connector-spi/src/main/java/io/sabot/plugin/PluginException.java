package io.sabot.plugin;

/**
 * An error a plug-in reports about its own work (a connection that failed, a record that does not decode, a file
 * that vanished), as opposed to a bug. The runtime hands it to the job's error handler, which decides to retry,
 * skip, dead-letter or fail; {@link #isRetriable()} is the plug-in's hint.
 *
 * <p>The message names where the problem is: table, topic/partition/offset or file/position, never a secret.
 */
public class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean retriable;

    public PluginException(String message, boolean retriable) {
        super(message);
        this.retriable = retriable;
    }

    public PluginException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /**
     * Whether trying again later may succeed (a broker down) rather than never (a malformed record). From a sink writer
     * it also promises that the failed call may be repeated as it was ({@code io.sabot.connector.spi.sink.SinkWriter}).
     */
    public boolean isRetriable() {
        return retriable;
    }
}
