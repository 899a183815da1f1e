package io.sabot.state.spi;

import io.sabot.plugin.PluginException;

/**
 * Stored state cannot be used as asked: a restored state whose type or columns differ from the operator's new
 * descriptor, a snapshot written with another max-parallelism or in an unknown format version, a state name used
 * with two different descriptors. Never retriable: the same input fails the same way, so the job's error handler
 * treats it as a failure to report, and the user changes the job or starts it without that state.
 *
 * <p>The message names the operator or state and says what differs, e.g. {@code state 'counts': the stored value
 * columns … differ from the declared value columns …}.
 */
public class IncompatibleStateException extends PluginException {
    private static final long serialVersionUID = 1L;

    /** With a message naming the state and what differs. */
    public IncompatibleStateException(String message) {
        super(message, false);
    }

    /** With a message naming the state and what differs, and the underlying cause (e.g. a malformed file). */
    public IncompatibleStateException(String message, Throwable cause) {
        super(message, cause, false);
    }
}
