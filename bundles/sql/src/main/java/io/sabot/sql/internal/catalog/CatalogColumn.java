package io.sabot.sql.internal.catalog;

import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A column of a catalog table.
 *
 * @param name the name as declared (case-sensitive)
 * @param relType its Calcite type
 * @param type its plan type, with the time attribute when it is the rowtime or a proctime column
 * @param expressionSql the SQL of a computed column ({@code x AS expr}), null for a physical column
 * @param expression the computed column's expression over the physical columns, null for a physical column
 * @param comment the {@code COMMENT}, or null
 */
public record CatalogColumn(
        String name, RelDataType relType, DataType type, String expressionSql, Expr expression, String comment) {

    public boolean isPhysical() {
        return expressionSql == null;
    }
}
