package io.sabot.engine;

/**
 * Thrown to a reader of {@link JobResults} when the job failed or was cancelled before its results ended. The cause
 * is the task's exception (for example an {@code ArithmeticException} naming the expression that divided by zero).
 */
public class JobFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
