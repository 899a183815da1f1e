package io.sabot.sql.internal.parser;

import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A column of {@code CREATE TABLE}: either physical ({@code name type [NOT NULL]}) or computed ({@code name AS
 * expression}).
 *
 * @param pos where the column's definition is
 * @param name the column name
 * @param type the declared type, null for a computed column
 * @param nullable false for {@code NOT NULL}
 * @param expression the expression of a computed column, null for a physical one
 * @param comment the {@code COMMENT} string literal, or null
 */
public record TableColumnDef(
        SqlParserPos pos,
        SqlIdentifier name,
        SqlDataTypeSpec type,
        boolean nullable,
        SqlNode expression,
        SqlNode comment) {

    public boolean isComputed() {
        return expression != null;
    }
}
