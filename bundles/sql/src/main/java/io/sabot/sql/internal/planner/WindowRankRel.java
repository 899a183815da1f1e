package io.sabot.sql.internal.planner;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)} filtered to the first {@code limit} rows, before
 * translation into {@link io.sabot.plan.WindowRank} (which checks that the partition holds the window's start and
 * end). Output: the input's columns and the row number (BIGINT NOT NULL).
 */
final class WindowRankRel extends SingleRel {

    final List<Integer> partitionKeys;
    final RelCollation orderBy;
    final long limit;

    WindowRankRel(
            RelOptCluster cluster,
            RelTraitSet traits,
            RelNode input,
            List<Integer> partitionKeys,
            RelCollation orderBy,
            long limit) {
        super(cluster, traits, input);
        this.partitionKeys = List.copyOf(partitionKeys);
        this.orderBy = orderBy;
        this.limit = limit;
    }

    @Override
    protected RelDataType deriveRowType() {
        RelDataTypeFactory factory = getCluster().getTypeFactory();
        return factory.builder()
                .addAll(getInput().getRowType().getFieldList())
                .add("$row_number", factory.createSqlType(SqlTypeName.BIGINT))
                .uniquify()
                .build();
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new WindowRankRel(getCluster(), traitSet, sole(inputs), partitionKeys, orderBy, limit);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw)
                .item("partitionBy", partitionKeys)
                .item("orderBy", orderBy)
                .item("limit", limit);
    }
}
