package io.sabot.state.spi;

import io.sabot.state.spi.snapshot.SnapshotFormat;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Declares one timer service of an operator: its name, its {@link TimeDomain}, and the Arrow columns that identify
 * what a timer is for. A timer is the tuple <em>(key group, timestamp, key…)</em>; registering the same tuple twice
 * keeps one timer.
 *
 * <p>The key columns are the operator's key plus whatever distinguishes timers of one key, typically a window: a
 * tumbling-window aggregate keyed by {@code user_id} uses the key schema {@code (user_id, window_end)} so that every
 * open window of a user has its own timer. (Flink calls that extra part the namespace; here it is simply more key
 * columns.)
 *
 * <p>Rules, checked on construction: the name follows {@link StateDescriptor}'s naming rule and is unique among the
 * operator's timer services; the key schema has at least one flat field; no field is named {@value
 * SnapshotFormat#KEY_GROUP_COLUMN} or {@value SnapshotFormat#TIMESTAMP_COLUMN}, the two leading columns of fired-timer
 * batches and timer snapshot files.
 *
 * <p>Immutable and thread-safe; the same record appears in snapshot manifests ({@link
 * io.sabot.state.spi.snapshot.OperatorStateManifest#timers()}).
 *
 * @param name the timer service's name within its operator
 * @param domain event time or processing time
 * @param keySchema the key columns of a timer, in order
 */
public record TimerDescriptor(String name, TimeDomain domain, Schema keySchema) {

    /**
     * Checks the rules above.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException naming the broken rule
     */
    public TimerDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(keySchema, "keySchema");
        StateDescriptor.checkName("timer", name);
        Set<String> names = new HashSet<>();
        names.add(SnapshotFormat.KEY_GROUP_COLUMN);
        names.add(SnapshotFormat.TIMESTAMP_COLUMN);
        StateDescriptor.checkFields(name, "key", keySchema, true, names);
    }

    /** An {@link TimeDomain#EVENT_TIME} timer service. */
    public static TimerDescriptor eventTime(String name, Schema keySchema) {
        return new TimerDescriptor(name, TimeDomain.EVENT_TIME, keySchema);
    }

    /** A {@link TimeDomain#PROCESSING_TIME} timer service. */
    public static TimerDescriptor processingTime(String name, Schema keySchema) {
        return new TimerDescriptor(name, TimeDomain.PROCESSING_TIME, keySchema);
    }

    /**
     * Checks that timers stored under {@code stored} can be restored as this descriptor: same name, same domain, same
     * key fields (names, types, nullability), metadata ignored.
     *
     * @throws IncompatibleStateException naming the timer service and the difference
     */
    public void checkRestorableAs(TimerDescriptor stored) {
        Objects.requireNonNull(stored, "stored");
        if (!name.equals(stored.name)
                || domain != stored.domain
                || !StateDescriptor.sameShape(stored.keySchema.getFields(), keySchema.getFields())) {
            throw new IncompatibleStateException("timer service '" + stored.name + "' was stored as " + stored.domain
                    + " with key columns " + stored.keySchema + " and cannot be restored as " + domain + " '" + name
                    + "' with key columns " + keySchema);
        }
    }
}
