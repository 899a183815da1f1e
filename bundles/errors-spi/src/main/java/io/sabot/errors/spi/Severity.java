package io.sabot.errors.spi;

/**
 * How bad a failure is, from the seed taxonomy, in increasing order ({@link #compareTo} orders them). Severity
 * informs handlers (a circuit breaker may count only {@code HIGH} and above), logging levels and alerting; it never
 * decides by itself.
 */
public enum Severity {

    /** One record or event affected, the job is healthy: logged at debug level, counted. */
    LOW,

    /** An operation failed but may succeed when repeated, or a part of the output is affected: logged as warning. */
    MEDIUM,

    /** The job cannot make progress without intervention of the runtime (a restart): logged as error. */
    HIGH,

    /** The node or several jobs are affected, or data may be at risk: logged as error and meant to page someone. */
    CRITICAL
}
