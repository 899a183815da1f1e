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
 * @param metadataKey the connector's metadata key of a {@code METADATA} column, null for other columns
 * @param virtual whether a metadata column is {@code VIRTUAL} (read only)
 */
public record CatalogColumn(
        String name,
        RelDataType relType,
        DataType type,
        String expressionSql,
        Expr expression,
        String comment,
        String metadataKey,
        boolean virtual) {

    /** A physical or computed column. */
    public CatalogColumn(
            String name, RelDataType relType, DataType type, String expressionSql, Expr expression, String comment) {
        this(name, relType, type, expressionSql, expression, comment, null, false);
    }

    /** A {@code METADATA} column. */
    public static CatalogColumn metadata(
            String name, RelDataType relType, DataType type, String key, boolean virtual, String comment) {
        return new CatalogColumn(name, relType, type, null, null, comment, key, virtual);
    }

    public boolean isPhysical() {
        return expressionSql == null && metadataKey == null;
    }

    public boolean isMetadata() {
        return metadataKey != null;
    }

    /** The same column with another plan type (the rowtime attribute). */
    public CatalogColumn withType(DataType newType) {
        return new CatalogColumn(name, relType, newType, expressionSql, expression, comment, metadataKey, virtual);
    }
}
