package io.sabot.launcher;

/** A problem the operator can fix, reported as one line without a stack trace. */
final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }
}
