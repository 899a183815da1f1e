package io.sabot.metrics.spi;

/**
 * What a metric is about, which fixes the segments of its {@link MetricName}. The number of segments differs for every
 * scope, so a name's scope is known from its segment count alone.
 */
public enum MetricScope {

    /** The whole node (container): {@code sabot.<metric>}. */
    NODE(2),

    /** One tenant on the node: {@code sabot.<tenant>.<metric>}. */
    TENANT(3),

    /** One job (all its operators and subtasks on the node): {@code sabot.<tenant>.<job>.<metric>}. */
    JOB(4),

    /**
     * One table of one job, as a source or sink (e.g. rows its error handlers skipped): {@code
     * sabot.<tenant>.<job>.<table>.<metric>}, the table's qualified name as one segment ({@code default_orders}).
     *
     * @since 1.3
     */
    TABLE(5),

    /** One parallel subtask of one operator: {@code sabot.<tenant>.<job>.<operator>.<subtask>.<metric>}. */
    TASK(6),

    /**
     * One source split read by a subtask, e.g. a Kafka partition: {@code
     * sabot.<tenant>.<job>.<operator>.<subtask>.<split>.<metric>}.
     */
    SPLIT(7);

    private final int segments;

    MetricScope(int segments) {
        this.segments = segments;
    }

    /** The number of dot-separated segments of a name in this scope, {@code sabot} and the metric included. */
    public int segments() {
        return segments;
    }

    /** The scope whose names have {@code segments} segments, or null if none has. */
    static MetricScope ofSegments(int segments) {
        for (MetricScope scope : values()) {
            if (scope.segments == segments) {
                return scope;
            }
        }
        return null;
    }
}
