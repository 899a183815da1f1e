package io.sabot.plugin;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of {@link OptionValidation#validate}: either typed options, or every problem found. Expected failures
 * are returned, not thrown, so that a console form can show each error next to its field; call {@link #orThrow()}
 * where an exception is the right answer.
 */
public final class ValidationResult {

    private final String context;
    private final ValidatedOptions options;
    private final List<OptionError> errors;
    private final List<String> supportedKeys;

    ValidationResult(String context, ValidatedOptions options, List<OptionError> errors, List<String> supportedKeys) {
        this.context = context;
        this.options = options;
        this.errors = List.copyOf(errors);
        this.supportedKeys = List.copyOf(supportedKeys);
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** Every problem, sorted by key; empty when valid. */
    public List<OptionError> errors() {
        return errors;
    }

    /** The keys the plug-in supports, sorted, for "did you mean" lists and forms. */
    public List<String> supportedKeys() {
        return supportedKeys;
    }

    /**
     * The validated options.
     *
     * @throws OptionValidationException if there were errors; its message lists all of them
     */
    public ValidatedOptions orThrow() {
        if (!isValid()) {
            throw new OptionValidationException(message(), errors);
        }
        return options;
    }

    /** A multi-line report: the context, one line per error, then the supported keys. Empty when valid. */
    public String message() {
        if (isValid()) {
            return "";
        }
        return "Invalid options for " + context + ":\n"
                + errors.stream().map(e -> "  - " + e.message()).collect(Collectors.joining("\n"))
                + "\nSupported options: " + String.join(", ", supportedKeys);
    }

    @Override
    public String toString() {
        return isValid() ? "valid " + options : message();
    }
}
