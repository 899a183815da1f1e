package io.sabot.sql.internal;

import io.sabot.plan.DataType;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.TypeKind;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidationResult;
import io.sabot.sql.ConnectorValidator;
import io.sabot.sql.internal.Errors.Problem;
import io.sabot.sql.internal.catalog.Catalog;
import io.sabot.sql.internal.catalog.CatalogColumn;
import io.sabot.sql.internal.catalog.CatalogTable;
import io.sabot.sql.internal.parser.SqlCreateTableStatement;
import io.sabot.sql.internal.parser.TableColumnDef;
import io.sabot.sql.internal.parser.TableElements;
import io.sabot.sql.internal.parser.TableOptionDef;
import io.sabot.sql.internal.planner.Planner;
import io.sabot.sql.internal.planner.Types;
import io.sabot.sql.internal.script.ScriptPart;
import io.sabot.sql.internal.script.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Validates a {@code CREATE TABLE} and builds the catalog table. Every problem is collected (duplicate columns, bad
 * types, a watermark on a missing or non-timestamp column, a watermark expression that does not type-check, primary
 * key columns that do not exist, a missing {@code 'connector'}, the connector's own option errors) and reported at
 * once.
 */
final class CreateTable {

    private final Planner planner;
    private final ConnectorValidator connectorValidator;
    private final String database;
    private final ScriptPart part;
    private final List<Problem> problems = new ArrayList<>();

    CreateTable(Planner planner, ConnectorValidator connectorValidator, String database, ScriptPart part) {
        this.planner = planner;
        this.connectorValidator = connectorValidator;
        this.database = database;
        this.part = part;
    }

    /** The table, or null when {@code IF NOT EXISTS} found one. */
    CatalogTable build(SqlCreateTableStatement statement, Catalog catalog) {
        String name = simpleName(statement.name());
        if (catalog.contains(name)) {
            if (statement.ifNotExists) {
                return null;
            }
            problems.add(new Problem(
                    statement.name().getParserPosition(),
                    (catalog.table(name) != null ? "Table '" : "A view named '") + name + "' already exists"));
        }
        TableElements elements = statement.elements();
        RelDataTypeFactory factory = planner.typeFactory();
        SqlValidator validator = planner.validator();

        // Primary key columns are NOT NULL (as in Flink).
        Set<String> keyColumns = new HashSet<>();
        for (TableElements.PrimaryKey key : elements.primaryKeys()) {
            key.columns().forEach(c -> keyColumns.add(c.getSimple()));
        }

        // 1. columns: unique names, supported physical types
        Map<String, TableColumnDef> byName = new LinkedHashMap<>();
        List<String> physicalNames = new ArrayList<>();
        List<RelDataType> physicalTypes = new ArrayList<>();
        Map<String, RelDataType> declared = new HashMap<>();
        List<String> metadataNames = new ArrayList<>();
        List<RelDataType> metadataTypes = new ArrayList<>();
        for (TableColumnDef column : elements.columns()) {
            String columnName = column.name().getSimple();
            if (byName.putIfAbsent(columnName, column) != null) {
                problems.add(
                        new Problem(column.name().getParserPosition(), "Duplicate column name '" + columnName + "'"));
                continue;
            }
            if (column.isComputed()) {
                continue;
            }
            RelDataType type = physicalType(column, validator, factory, keyColumns.contains(columnName));
            if (type != null) {
                declared.put(columnName, type);
            }
            if (column.metadata()) {
                metadataNames.add(columnName);
                metadataTypes.add(type);
                continue;
            }
            physicalNames.add(columnName);
            physicalTypes.add(type);
        }
        // computed columns see the scan's row: physical columns, then metadata columns
        physicalNames.addAll(metadataNames);
        physicalTypes.addAll(metadataTypes);

        // 2. watermark column (its plan type carries the ROWTIME attribute)
        TableElements.Watermark watermark = null;
        if (elements.watermarks().size() > 1) {
            problems.add(new Problem(
                    elements.watermarks().get(1).pos(), "Multiple WATERMARK statements are not supported yet"));
        }
        if (!elements.watermarks().isEmpty()) {
            watermark = elements.watermarks().get(0);
            String rowtime = watermark.column().getSimple();
            if (!byName.containsKey(rowtime)) {
                problems.add(new Problem(
                        watermark.column().getParserPosition(),
                        "The rowtime attribute field '" + rowtime + "' is not defined in the table schema."
                                + " Available fields: " + byName.keySet()));
                watermark = null;
            }
        }
        String rowtime = watermark == null ? null : watermark.column().getSimple();

        // 3. physical row, then computed columns over it
        boolean physicalValid = !physicalTypes.contains(null);
        List<DataType> physicalDataTypes = new ArrayList<>();
        RelDataTypeFactory.Builder physicalRow = factory.builder();
        for (int i = 0; i < physicalNames.size(); i++) {
            RelDataType type = physicalTypes.get(i);
            if (type == null) {
                continue;
            }
            physicalRow.add(physicalNames.get(i), type);
            physicalDataTypes.add(Types.toDataType(type));
        }
        List<CatalogColumn> columns = new ArrayList<>();
        for (TableColumnDef column : byName.values()) {
            String columnName = column.name().getSimple();
            String comment = comment(column.comment());
            if (column.metadata()) {
                RelDataType type = declared.get(columnName);
                if (type != null) {
                    String key = column.metadataKey() == null ? columnName : comment(column.metadataKey());
                    columns.add(CatalogColumn.metadata(
                            columnName, type, Types.toDataType(type), key, column.virtual(), comment));
                }
                continue;
            }
            if (!column.isComputed()) {
                RelDataType type = declared.get(columnName);
                if (type != null) {
                    columns.add(new CatalogColumn(columnName, type, Types.toDataType(type), null, null, comment));
                }
                continue;
            }
            if (!physicalValid) {
                continue; // the expression cannot be checked against columns that did not resolve
            }
            try {
                Planner.TypedExpr typed =
                        planner.expression(physicalRow.build(), physicalDataTypes, column.expression());
                columns.add(new CatalogColumn(
                        columnName,
                        typed.relType(),
                        typed.type(),
                        Text.slice(part.text(), column.expression().getParserPosition()),
                        typed.expr(),
                        comment));
            } catch (RuntimeException e) {
                problems.add(
                        problem(column.expression().getParserPosition(), "Computed column '" + columnName + "': ", e));
            }
        }

        // 4. watermark: a TIMESTAMP(p)/TIMESTAMP_LTZ(p) column with p <= 3, an expression of a timestamp type
        CatalogTable.Watermark watermarkSpec = null;
        int rowtimeIndex = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(rowtime)) {
                rowtimeIndex = i;
            }
        }
        if (watermark != null && rowtimeIndex >= 0) {
            CatalogColumn column = columns.get(rowtimeIndex);
            RelDataType type = column.relType();
            SqlTypeName typeName = type.getSqlTypeName();
            boolean timestamp =
                    typeName == SqlTypeName.TIMESTAMP || typeName == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            if (!timestamp || type.getPrecision() > 3) {
                problems.add(new Problem(
                        watermark.column().getParserPosition(),
                        "Invalid data type of time field for watermark definition. The field must be of type"
                                + " TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3"
                                + " (Sabot computes in milliseconds: TIMESTAMP(3)), but the time field type is "
                                + Types.describe(type)));
            } else {
                DataType rowtimeType = column.type().withTimeAttribute(TimeAttribute.ROWTIME);
                columns.set(rowtimeIndex, column.withType(rowtimeType));
                watermarkSpec = watermarkSpec(watermark, columns, rowtimeIndex);
            }
        }

        // 5. primary key
        List<String> primaryKey = primaryKey(elements, byName);

        // 6. options and the connector's validation
        Map<String, String> options = options(statement);

        if (!problems.isEmpty()) {
            throw Errors.problems(part, "CREATE TABLE '" + name + "'", problems);
        }
        return new CatalogTable(
                name,
                columns,
                watermarkSpec,
                primaryKey,
                options,
                comment(statement.comment()),
                statement.isTemporary(),
                CatalogTable.tableRef(database + "." + name, columns, primaryKey, options));
    }

    private RelDataType physicalType(
            TableColumnDef column, SqlValidator validator, RelDataTypeFactory factory, boolean key) {
        RelDataType type;
        try {
            type = column.type().deriveType(validator);
        } catch (RuntimeException e) {
            problems.add(problem(
                    column.type().getParserPosition(),
                    "Column '" + column.name().getSimple() + "': ",
                    e));
            return null;
        }
        if (!Types.isSupported(type) || type.getSqlTypeName() == SqlTypeName.NULL) {
            problems.add(new Problem(
                    column.type().getParserPosition(),
                    "Column '" + column.name().getSimple() + "': type " + Types.describe(type)
                            + " is not supported yet"));
            return null;
        }
        return factory.createTypeWithNullability(type, column.nullable() && !key);
    }

    private CatalogTable.Watermark watermarkSpec(
            TableElements.Watermark watermark, List<CatalogColumn> columns, int rowtimeIndex) {
        RelDataTypeFactory.Builder row = planner.typeFactory().builder();
        List<DataType> types = new ArrayList<>();
        for (CatalogColumn column : columns) {
            row.add(column.name(), column.relType());
            types.add(column.type());
        }
        SqlParserPos pos = watermark.expression().getParserPosition();
        String sql = Text.slice(part.text(), pos);
        try {
            Planner.TypedExpr typed = planner.expression(row.build(), types, watermark.expression());
            TypeKind kind = typed.type().kind();
            if (kind != TypeKind.TIMESTAMP && kind != TypeKind.TIMESTAMP_LTZ) {
                problems.add(new Problem(
                        pos,
                        "Invalid data type of expression for watermark definition. The field must be of type"
                                + " TIMESTAMP(p) or TIMESTAMP_LTZ(p), but the watermark expression type is "
                                + Types.describe(typed.relType())));
                return null;
            }
            if (kind != columns.get(rowtimeIndex).type().kind()) {
                problems.add(new Problem(
                        pos,
                        "The watermark expression's type " + Types.describe(typed.relType())
                                + " differs from the rowtime column's type "
                                + Types.describe(columns.get(rowtimeIndex).relType())));
                return null;
            }
            return new CatalogTable.Watermark(columns.get(rowtimeIndex).name(), rowtimeIndex, sql, typed.expr());
        } catch (RuntimeException e) {
            problems.add(problem(pos, "Watermark expression: ", e));
            return null;
        }
    }

    private List<String> primaryKey(TableElements elements, Map<String, TableColumnDef> byName) {
        if (elements.primaryKeys().isEmpty()) {
            return List.of();
        }
        if (elements.primaryKeys().size() > 1) {
            problems.add(new Problem(elements.primaryKeys().get(1).pos(), "Duplicate primary key definition"));
        }
        TableElements.PrimaryKey key = elements.primaryKeys().get(0);
        if (key.enforced()) {
            problems.add(new Problem(
                    key.pos(),
                    "Flink doesn't support ENFORCED mode for PRIMARY KEY constraint: the only supported mode is NOT"
                            + " ENFORCED (Sabot does not own the data)."));
        }
        List<String> names = new ArrayList<>();
        for (SqlIdentifier id : key.columns()) {
            String column = id.getSimple();
            TableColumnDef def = byName.get(column);
            if (def == null) {
                problems.add(new Problem(
                        id.getParserPosition(),
                        "Primary key column '" + column + "' is not defined in the table schema. Available fields: "
                                + byName.keySet()));
            } else if (!def.isPhysical()) {
                problems.add(new Problem(
                        id.getParserPosition(),
                        "Could not create a PRIMARY KEY with column '" + column
                                + "': a PRIMARY KEY constraint must be declared on physical columns"));
            } else if (names.contains(column)) {
                problems.add(new Problem(id.getParserPosition(), "Duplicate primary key column '" + column + "'"));
            } else {
                names.add(column);
            }
        }
        return names;
    }

    private Map<String, String> options(SqlCreateTableStatement statement) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, SqlParserPos> positions = new HashMap<>();
        for (TableOptionDef option : statement.options()) {
            if (options.putIfAbsent(option.key(), option.value()) != null) {
                problems.add(new Problem(option.pos(), "Duplicate option '" + option.key() + "'"));
            }
            positions.putIfAbsent(option.key(), option.pos());
        }
        String connector = options.get("connector");
        if (connector == null) {
            problems.add(new Problem(
                    statement.name().getParserPosition(),
                    "Table options do not contain an option key 'connector' for discovering a connector."));
            return options;
        }
        Map<String, String> others = new LinkedHashMap<>(options);
        others.remove("connector");
        String name = simpleName(statement.name());
        try {
            ValidationResult result = connectorValidator.validate(name, connector, others);
            for (OptionError error : result.errors()) {
                SqlParserPos pos = positions.getOrDefault(error.key(), positions.get("connector"));
                problems.add(new Problem(pos, "connector '" + connector + "': " + error.message()));
            }
            if (!result.isValid() && !result.supportedKeys().isEmpty()) {
                problems.add(new Problem(
                        positions.get("connector"),
                        "connector '" + connector + "' supports: " + String.join(", ", result.supportedKeys())));
            }
        } catch (RuntimeException e) {
            problems.add(new Problem(
                    positions.get("connector"), "connector '" + connector + "': validation failed: " + e.getMessage()));
        }
        return options;
    }

    private static Problem problem(SqlParserPos fallback, String prefix, RuntimeException e) {
        if (e instanceof CalciteContextException context && context.getPosLine() > 0) {
            String message = context.getCause() == null
                    ? context.getMessage()
                    : context.getCause().getMessage();
            return new Problem(new SqlParserPos(context.getPosLine(), context.getPosColumn()), prefix + message);
        }
        if (e instanceof PlanningException planning) {
            return new Problem(planning.pos() == null ? fallback : planning.pos(), prefix + planning.getMessage());
        }
        return new Problem(fallback, prefix + e.getMessage());
    }

    static String simpleName(SqlIdentifier id) {
        if (!id.isSimple()) {
            throw new PlanningException(
                    "Qualified names (" + id + ") are not supported: the session has one database",
                    id.getParserPosition());
        }
        return id.getSimple();
    }

    static String comment(SqlNode comment) {
        return comment == null ? null : ((SqlLiteral) comment).getValueAs(String.class);
    }
}
