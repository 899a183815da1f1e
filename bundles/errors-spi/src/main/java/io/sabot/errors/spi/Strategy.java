package io.sabot.errors.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The error strategies of the seed configuration ({@code error.strategy = RETRY}), and what each becomes in this SPI:
 * the built-in handler that implements it and the decision that handler returns.
 *
 * <table>
 *   <caption>Strategies and their decisions</caption>
 *   <tr><th>strategy</th><th>handler</th><th>decision</th><th>status</th></tr>
 *   <tr><td>{@link #RETRY}</td><td>{@code retry}</td><td>{@code RETRY} with back-off, then {@code PASS} (so the
 *       chain's default {@code FAIL}, or a handler configured after it, decides)</td><td>supported</td></tr>
 *   <tr><td>{@link #SKIP}</td><td>{@code skip}</td><td>{@code SKIP}</td><td>supported</td></tr>
 *   <tr><td>{@link #FAIL_FAST}</td><td>{@code fail}</td><td>{@code FAIL} at the first failure</td>
 *       <td>supported</td></tr>
 *   <tr><td>{@link #RESTART_EXECUTION}</td><td>{@code fail}</td><td>{@code FAIL}: the execution restarts from the
 *       latest checkpoint, which is what every {@code FAIL} does</td><td>supported</td></tr>
 *   <tr><td>{@link #DEGRADE}</td><td>—</td><td>—</td><td>rejected at configuration time</td></tr>
 *   <tr><td>{@link #RESTART_COMPONENT}</td><td>—</td><td>—</td><td>rejected at configuration time</td></tr>
 *   <tr><td>{@link #MANUAL_INTERVENTION}</td><td>—</td><td>—</td><td>rejected at configuration time</td></tr>
 * </table>
 *
 * <p>Dead-lettering is not a seed strategy: configure the {@code dead-letter} handler (usually after {@code retry})
 * instead. Configuration reads strategy names with {@link #parse(String)}, which rejects unsupported strategies with
 * a message saying so, rather than accepting them and behaving differently from what their names promise.
 */
public enum Strategy {

    /** Retry the failed operation with exponential back-off, up to a number of attempts. */
    RETRY("retry", Decision.Kind.RETRY),

    /** Drop the failing record (or abandon the failed operation) and continue. */
    SKIP("skip", Decision.Kind.SKIP),

    /** Fail at the first failure, without retrying or skipping. */
    FAIL_FAST("fail", Decision.Kind.FAIL),

    /**
     * Keep running with reduced function (e.g. continue a lookup join without the enrichment while the dimension store
     * is down). <b>Not implemented:</b> there is no way yet for an operator to run degraded, so it is rejected.
     */
    DEGRADE(null, null),

    /**
     * Restart only the failing component (one source reader, one sink writer) instead of the whole execution. <b>Not
     * implemented:</b> the runtime's failover unit is the job's execution, so it is rejected.
     */
    RESTART_COMPONENT(null, null),

    /**
     * Fail the execution and restore it from its latest checkpoint. Implemented by the {@code fail} handler, since that
     * is what every {@code FAIL} decision does; in this version it is equivalent to {@link #FAIL_FAST}.
     */
    RESTART_EXECUTION("fail", Decision.Kind.FAIL),

    /**
     * Suspend the job, keeping its state, until an operator resumes or cancels it. <b>Not implemented:</b> there is no
     * suspended job state yet, so it is rejected.
     */
    MANUAL_INTERVENTION(null, null);

    private final String handlerIdentifier;
    private final Decision.Kind decisionKind;

    Strategy(String handlerIdentifier, Decision.Kind decisionKind) {
        this.handlerIdentifier = handlerIdentifier;
        this.decisionKind = decisionKind;
    }

    /** Whether this version implements the strategy. */
    public boolean isSupported() {
        return handlerIdentifier != null;
    }

    /** The identifier of the built-in {@link ErrorHandlerFactory} implementing it, if supported. */
    public Optional<String> handlerIdentifier() {
        return Optional.ofNullable(handlerIdentifier);
    }

    /** The decision its handler returns, if supported. */
    public Optional<Decision.Kind> decisionKind() {
        return Optional.ofNullable(decisionKind);
    }

    /** The supported strategies, in declaration order. */
    public static List<Strategy> supported() {
        return Arrays.stream(values()).filter(Strategy::isSupported).toList();
    }

    /**
     * Reads a strategy name from configuration: case-insensitive, with {@code -} accepted for {@code _} ({@code
     * fail-fast}).
     *
     * @throws IllegalArgumentException for an unknown name (listing the supported ones), or for a strategy this version
     *     does not implement (saying so, and listing the supported ones)
     */
    public static Strategy parse(String name) {
        Objects.requireNonNull(name, "strategy name");
        String normalised = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        Strategy strategy;
        try {
            strategy = valueOf(normalised);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown error strategy '" + name + "'; supported: " + supportedNames(), e);
        }
        if (!strategy.isSupported()) {
            throw new IllegalArgumentException("error strategy " + strategy
                    + " is not implemented in this version; supported: " + supportedNames());
        }
        return strategy;
    }

    private static String supportedNames() {
        return String.join(", ", supported().stream().map(Enum::name).toList());
    }
}
