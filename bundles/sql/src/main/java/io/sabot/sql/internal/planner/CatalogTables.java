package io.sabot.sql.internal.planner;

import io.sabot.sql.internal.catalog.CatalogTable;
import io.sabot.sql.internal.catalog.CatalogView;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/** The catalog's tables and views as Calcite sees them. */
final class CatalogTables {

    private CatalogTables() {}

    /** A catalog table: scanned as a plain table scan, translated by {@link PlanTranslator}. */
    static final class TableAdapter extends AbstractTable implements org.apache.calcite.schema.TemporalTable {
        final CatalogTable table;

        TableAdapter(CatalogTable table) {
            this.table = table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return table.relType(typeFactory);
        }

        @Override
        public String getSysStartFieldName() {
            return "$sys_start";
        }

        @Override
        public String getSysEndFieldName() {
            return "$sys_end";
        }
    }

    /** A view: expanded from its SQL where it is used, its columns renamed to the view's. */
    static final class ViewAdapter extends AbstractTable implements TranslatableTable {
        final CatalogView view;

        ViewAdapter(CatalogView view) {
            this.view = view;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            return view.rowType();
        }

        @Override
        public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            RelRoot root = context.expandView(view.rowType(), view.query(), List.of(), List.of(view.name()));
            RelNode rel = root.project();
            List<String> names = view.columnNames();
            if (rel.getRowType().getFieldNames().equals(names)) {
                return rel;
            }
            List<RexNode> refs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                refs.add(rel.getCluster().getRexBuilder().makeInputRef(rel, i));
            }
            RelNode renamed = LogicalProject.create(rel, List.of(), refs, names, java.util.Set.of());
            return RelOptUtil.createCastRel(renamed, view.rowType(), true);
        }
    }
}
