package io.sabot.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The elements between the parentheses of {@code CREATE TABLE}, in order, as the parser met them. Duplicates (two
 * watermarks, two primary keys) are kept so that validation can report them with their positions.
 */
public final class TableElements {

    /** {@code WATERMARK FOR column AS expression}. */
    public record Watermark(SqlParserPos pos, SqlIdentifier column, SqlNode expression) {}

    /** {@code [CONSTRAINT name] PRIMARY KEY (columns) [NOT] ENFORCED}. */
    public record PrimaryKey(SqlParserPos pos, SqlIdentifier name, List<SqlIdentifier> columns, boolean enforced) {}

    private final List<TableColumnDef> columns = new ArrayList<>();
    private final List<Watermark> watermarks = new ArrayList<>();
    private final List<PrimaryKey> primaryKeys = new ArrayList<>();

    public void addColumn(TableColumnDef column) {
        columns.add(column);
    }

    public void addWatermark(SqlParserPos pos, SqlIdentifier column, SqlNode expression) {
        watermarks.add(new Watermark(pos, column, expression));
    }

    public void addPrimaryKey(SqlParserPos pos, SqlIdentifier name, SqlNodeList columnList, boolean enforced) {
        List<SqlIdentifier> keyColumns = new ArrayList<>();
        for (SqlNode node : columnList) {
            keyColumns.add((SqlIdentifier) node);
        }
        primaryKeys.add(new PrimaryKey(pos, name, keyColumns, enforced));
    }

    public List<TableColumnDef> columns() {
        return columns;
    }

    public List<Watermark> watermarks() {
        return watermarks;
    }

    public List<PrimaryKey> primaryKeys() {
        return primaryKeys;
    }
}
