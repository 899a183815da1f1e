package io.sabot.plan;

import java.util.List;

/**
 * An operator of a physical plan. Nodes are immutable values; a node's expressions refer to its input's columns
 * (for a {@link Join} or {@link WindowJoin}: the left input's columns followed by the right's).
 */
public sealed interface PlanNode
        permits TableScan,
                Values,
                Calc,
                WatermarkAssigner,
                WindowTableFunction,
                WindowAggregate,
                GroupAggregate,
                Join,
                WindowJoin,
                LookupJoin,
                Union,
                WindowRank,
                Sink,
                ChangelogNormalize,
                SinkUpsertMaterialize {

    /** The node's output columns. */
    RowType rowType();

    /** The node's inputs, in order; empty for leaves. */
    List<PlanNode> inputs();

    /** Whether the output is insert-only or a changelog. */
    ChangelogKind changelog();

    /** The node's own line in EXPLAIN output, without its inputs, e.g. {@code Calc(select=[$0, $2], where=…)}. */
    String describe();
}
