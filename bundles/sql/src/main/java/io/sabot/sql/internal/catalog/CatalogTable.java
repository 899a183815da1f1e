package io.sabot.sql.internal.catalog;

import io.sabot.plan.Column;
import io.sabot.plan.Expr;
import io.sabot.plan.MetadataColumn;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * A table declared with {@code CREATE TABLE}: its columns in declaration order (physical, computed, metadata), its
 * watermark, primary key and connector options. Immutable.
 *
 * @param name the table name (case-sensitive)
 * @param columns every column in declaration order
 * @param watermark the watermark declaration, or null
 * @param primaryKey the primary key's column names, empty if none
 * @param options every option of the {@code WITH} clause, {@code connector} included, in declaration order
 * @param comment the table comment, or null
 * @param temporary whether declared {@code TEMPORARY} (no difference in an in-memory catalog)
 * @param ref what plans carry: qualified name, connector, other options, physical columns, key positions, metadata
 *     columns
 */
public record CatalogTable(
        String name,
        List<CatalogColumn> columns,
        Watermark watermark,
        List<String> primaryKey,
        Map<String, String> options,
        String comment,
        boolean temporary,
        TableRef ref) {

    /**
     * {@code WATERMARK FOR column AS expression}.
     *
     * @param column the rowtime column's name
     * @param columnIndex its position among all columns
     * @param expressionSql the expression as written
     * @param expression the expression over all columns
     */
    public record Watermark(String column, int columnIndex, String expressionSql, Expr expression) {}

    public CatalogTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Builds the plan's view of a table: physical columns, connector and the other options. */
    public static TableRef tableRef(
            String qualifiedName, List<CatalogColumn> columns, List<String> primaryKey, Map<String, String> options) {
        List<Column> physical = new ArrayList<>();
        List<String> physicalNames = new ArrayList<>();
        for (CatalogColumn column : columns) {
            if (column.isPhysical()) {
                physical.add(new Column(column.name(), column.type()));
                physicalNames.add(column.name());
            }
        }
        List<Integer> key = new ArrayList<>();
        for (String k : primaryKey) {
            key.add(physicalNames.indexOf(k));
        }
        List<MetadataColumn> metadata = new ArrayList<>();
        for (CatalogColumn column : columns) {
            if (column.isMetadata()) {
                metadata.add(new MetadataColumn(column.name(), column.metadataKey(), column.type(), column.virtual()));
            }
        }
        Map<String, String> other = new LinkedHashMap<>(options);
        String connector = other.remove("connector");
        return new TableRef(
                qualifiedName, connector == null ? "" : connector, other, new RowType(physical), key, metadata);
    }

    /** Whether queries see other columns, or another order, than the scan produces (a projection is needed). */
    public boolean needsProjection() {
        int[] scan = scanIndexes();
        for (int i = 0; i < scan.length; i++) {
            if (scan[i] != i) {
                return true;
            }
        }
        return false;
    }

    /** The metadata columns that are not {@code VIRTUAL}: a sink would have to write them. */
    public List<CatalogColumn> persistedMetadata() {
        return columns.stream().filter(c -> c.isMetadata() && !c.virtual()).toList();
    }

    /** All columns, as queries see the table. */
    public RowType fullType() {
        return new RowType(
                columns.stream().map(c -> new Column(c.name(), c.type())).toList());
    }

    /** The Calcite row type of all columns. */
    public RelDataType relType(RelDataTypeFactory factory) {
        RelDataTypeFactory.Builder builder = factory.builder();
        for (CatalogColumn column : columns) {
            builder.add(column.name(), column.relType());
        }
        return builder.build();
    }

    /**
     * Position of each column in what the scan produces ({@link TableRef#scanType()}: physical columns, then metadata
     * columns, each in declaration order), -1 for computed ones.
     */
    public int[] scanIndexes() {
        int[] indexes = new int[columns.size()];
        int next = 0;
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = columns.get(i).isPhysical() ? next++ : -1;
        }
        for (int i = 0; i < indexes.length; i++) {
            if (columns.get(i).isMetadata()) {
                indexes[i] = next++;
            }
        }
        return indexes;
    }
}
