package io.sabot.plan;

/** The aggregate functions; each ignores NULL arguments as SQL requires. */
public enum AggregateFunction {
    /** {@code COUNT(*)}: no arguments. */
    COUNT_STAR,
    COUNT,
    /** NULL over no (non-null) rows. */
    SUM,
    /** {@code SUM} that is 0 over no rows (what Calcite uses inside {@code AVG} rewrites). */
    SUM0,
    AVG,
    MIN,
    MAX
}
