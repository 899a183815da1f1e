package io.sabot.plan;

import java.util.List;

/**
 * Flink's windowing table-valued functions ({@code TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL …))}) when not
 * folded into a {@link WindowAggregate} or {@link WindowRank}: each input row comes out once per window it belongs
 * to, with {@code window_start}, {@code window_end} and {@code window_time} appended. (SESSION windows are only
 * supported folded into an aggregation.)
 *
 * @param input the input
 * @param window the windows
 * @param rowType the input's columns followed by window_start, window_end, window_time
 */
public record WindowTableFunction(PlanNode input, WindowSpec window, RowType rowType) implements PlanNode {
    @Override
    public List<PlanNode> inputs() {
        return List.of(input);
    }

    @Override
    public ChangelogKind changelog() {
        return input.changelog();
    }

    @Override
    public String describe() {
        return "WindowTableFunction(window=[" + window + "])";
    }
}
