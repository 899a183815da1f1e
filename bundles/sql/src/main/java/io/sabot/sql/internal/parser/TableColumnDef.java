package io.sabot.sql.internal.parser;

import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A column of {@code CREATE TABLE}: physical ({@code name type [NOT NULL]}), computed ({@code name AS expression})
 * or metadata ({@code name type METADATA [FROM 'key'] [VIRTUAL]}).
 *
 * @param pos where the column's definition is
 * @param name the column name
 * @param type the declared type, null for a computed column
 * @param nullable false for {@code NOT NULL}
 * @param expression the expression of a computed column, null for a physical one
 * @param comment the {@code COMMENT} string literal, or null
 * @param metadata whether declared {@code METADATA}
 * @param metadataKey the {@code FROM 'key'} string literal, or null (the key is the column name)
 * @param virtual whether declared {@code VIRTUAL}
 */
public record TableColumnDef(
        SqlParserPos pos,
        SqlIdentifier name,
        SqlDataTypeSpec type,
        boolean nullable,
        SqlNode expression,
        SqlNode comment,
        boolean metadata,
        SqlNode metadataKey,
        boolean virtual) {

    public boolean isComputed() {
        return expression != null;
    }

    /** Whether the connector reads (or writes) the column's value: neither computed nor metadata. */
    public boolean isPhysical() {
        return expression == null && !metadata;
    }
}
