package io.sabot.api.http.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * A request the API answers with an error: the HTTP status and the body {@code {"error": {"code", "message", …}}}.
 * Messages say what and where (a job, a field, a line and column); they never carry a stack trace.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final transient Consumer<ObjectNode> details;

    ApiError(int status, String code, String message) {
        this(status, code, message, error -> {});
    }

    /** {@code details} adds fields beside code and message (line, column, problems, allow). */
    ApiError(int status, String code, String message, Consumer<ObjectNode> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }
}
