package io.sabot.plan;

/** What a node's output stream contains. */
public enum ChangelogKind {
    /** Only inserts: no row-kind column. */
    INSERT_ONLY,
    /** Inserts, update-befores, update-afters and deletes, in the {@code $row_kind} column. */
    RETRACT;

    /** The changelog of an operator fed by streams of these kinds that passes changes through. */
    public ChangelogKind combine(ChangelogKind other) {
        return this == RETRACT || other == RETRACT ? RETRACT : INSERT_ONLY;
    }
}
