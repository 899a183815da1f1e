package io.sabot.plan;

import java.util.List;

/**
 * Generates watermarks from the table's {@code WATERMARK FOR rowtime AS expression}: per source split, the
 * watermark is the largest value of {@code watermark} seen so far (evaluated per row, e.g. {@code ts - 5 s}); a
 * task's watermark is the minimum over its splits and inputs, idle splits excepted. Rows pass through unchanged.
 *
 * @param input the input, normally a scan (with computed columns)
 * @param rowtimeColumn the rowtime attribute's position
 * @param watermark the watermark expression over the input's columns, of the rowtime's type
 */
public record WatermarkAssigner(PlanNode input, int rowtimeColumn, Expr watermark) implements PlanNode {
    @Override
    public RowType rowType() {
        return input.rowType();
    }

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
        return "WatermarkAssigner(rowtime=["
                + input.rowType().column(rowtimeColumn).name() + "], watermark=[" + watermark + "])";
    }
}
