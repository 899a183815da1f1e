package io.sabot.sql.internal.catalog;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A view declared with {@code CREATE VIEW}: its query text, expanded where the view is used, and the row type it
 * had when it was validated.
 *
 * @param name the view name (case-sensitive)
 * @param query the query's SQL text
 * @param rowType the columns (the declared names if the view has a column list)
 * @param comment the comment, or null
 * @param temporary whether declared {@code TEMPORARY}
 */
public record CatalogView(String name, String query, RelDataType rowType, String comment, boolean temporary) {

    public List<String> columnNames() {
        return rowType.getFieldNames();
    }
}
