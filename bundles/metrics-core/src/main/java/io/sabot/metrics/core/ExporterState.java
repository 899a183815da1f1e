package io.sabot.metrics.core;

/**
 * One configured exporter as an administrator sees it.
 *
 * @param name the exporter's name (unique on the node)
 * @param type the identifier of the exporter factory it needs, e.g. {@code prometheus}
 * @param tenant the tenant whose metrics it exports, or empty for all of the node's
 * @param configurationPid the Config Admin PID of its configuration
 * @param state whether it runs
 * @param reason for {@code WAITING} and {@code FAILED}, what is wrong in a sentence naming the property or option at
 *     fault; empty when running
 * @param factoryBundle the symbolic name and version of the bundle whose factory runs or last ran it, or empty
 */
public record ExporterState(
        String name,
        String type,
        String tenant,
        String configurationPid,
        State state,
        String reason,
        String factoryBundle) {

    /** Whether a configured exporter runs. */
    public enum State {
        /** Started and publishing. */
        RUNNING,
        /** Its configuration is valid but no factory with its type is installed; it starts when one appears. */
        WAITING,
        /**
         * Its configuration or options are invalid, or the exporter failed to start or while running. It is retried
         * when its configuration changes or another factory for its type appears.
         */
        FAILED
    }
}
