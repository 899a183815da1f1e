package io.sabot.plugin;

import java.util.List;

/**
 * Thrown by {@link ValidationResult#orThrow()} when a user's options are not valid. Its message lists every problem
 * at once and the supported keys; {@link #errors()} gives them one by one for forms and APIs.
 */
public class OptionValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<OptionError> errors;

    public OptionValidationException(String message, List<OptionError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, in key order. */
    public List<OptionError> errors() {
        return errors;
    }
}
