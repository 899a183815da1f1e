package io.sabot.sql.internal;

import io.sabot.plan.Calc;
import io.sabot.plan.Column;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.InputRef;
import io.sabot.plan.Literal;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.RowType;
import io.sabot.plan.Sink;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.TypeKind;
import io.sabot.sql.SessionConfig;
import io.sabot.sql.SqlException;
import io.sabot.sql.SqlSession;
import io.sabot.sql.Statement;
import io.sabot.sql.StatementKind;
import io.sabot.sql.StatementResult;
import io.sabot.sql.internal.catalog.Catalog;
import io.sabot.sql.internal.catalog.CatalogColumn;
import io.sabot.sql.internal.catalog.CatalogTable;
import io.sabot.sql.internal.catalog.CatalogView;
import io.sabot.sql.internal.parser.SqlCreateTableStatement;
import io.sabot.sql.internal.parser.SqlCreateViewStatement;
import io.sabot.sql.internal.parser.SqlDescribeStatement;
import io.sabot.sql.internal.parser.SqlDropStatement;
import io.sabot.sql.internal.parser.SqlExplainStatement;
import io.sabot.sql.internal.parser.SqlSetStatement;
import io.sabot.sql.internal.parser.SqlShowStatement;
import io.sabot.sql.internal.planner.Dialect;
import io.sabot.sql.internal.planner.Planner;
import io.sabot.sql.internal.planner.Types;
import io.sabot.sql.internal.script.ScriptPart;
import io.sabot.sql.internal.script.ScriptSplitter;
import io.sabot.sql.internal.script.Text;
import io.sabot.sql.internal.script.Variables;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

/** A session: catalog, settings, and the statements over them. */
final class SessionImpl implements SqlSession {

    private final SessionConfig config;
    private final Catalog catalog = new Catalog();
    private final Planner planner = new Planner(catalog);
    private final Map<String, String> settings;

    SessionImpl(SessionConfig config) {
        this.config = config;
        this.settings = new LinkedHashMap<>(config.settings());
        planner.lookupSupport(config.connectorValidator()::supportsLookup);
        planner.upsertScans(config.connectorValidator()::scansUpserts);
    }

    // ---- parsing ----

    @Override
    public List<Statement> parseScript(String script, Map<String, String> variables) {
        List<Statement> statements = new ArrayList<>();
        for (ScriptPart raw : ScriptSplitter.split(script)) {
            ScriptPart part = Variables.substitute(raw, variables);
            statements.add(new ParsedStatement(kind(parse(part), part), part));
        }
        return statements;
    }

    private static SqlNode parse(ScriptPart part) {
        try {
            return SqlParser.create(part.text(), Dialect.PARSER).parseStmt();
        } catch (SqlParseException e) {
            throw Errors.parse(part, e);
        }
    }

    private static StatementKind kind(SqlNode node, ScriptPart part) {
        if (node instanceof SqlCreateTableStatement) {
            return StatementKind.CREATE_TABLE;
        }
        if (node instanceof SqlCreateViewStatement) {
            return StatementKind.CREATE_VIEW;
        }
        if (node instanceof SqlDropStatement drop) {
            return drop.isView() ? StatementKind.DROP_VIEW : StatementKind.DROP_TABLE;
        }
        if (node instanceof SqlSetStatement set) {
            return set.isReset() ? StatementKind.RESET : StatementKind.SET;
        }
        if (node instanceof SqlShowStatement show) {
            return show.kind() == SqlShowStatement.Kind.TABLES ? StatementKind.SHOW_TABLES : StatementKind.SHOW_VIEWS;
        }
        if (node instanceof SqlDescribeStatement) {
            return StatementKind.DESCRIBE;
        }
        if (node instanceof SqlExplainStatement || node instanceof SqlExplain) {
            return StatementKind.EXPLAIN;
        }
        if (node instanceof SqlInsert insert) {
            if (insert.isUpsert()) {
                throw Errors.at(part, null, "UPSERT is not supported; use INSERT INTO", null);
            }
            return StatementKind.INSERT;
        }
        if (node.getKind().belongsTo(SqlKind.QUERY)) {
            return StatementKind.SELECT;
        }
        throw Errors.at(part, node.getParserPosition(), "Statement " + node.getKind() + " is not supported", null);
    }

    // ---- execution ----

    @Override
    public StatementResult execute(Statement statement) {
        ScriptPart part = statement instanceof ParsedStatement parsed
                ? parsed.part()
                : new ScriptPart(statement.sql(), statement.line(), statement.column());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Calcite and Janino find their own classes and resources through the context class loader in places.
        thread.setContextClassLoader(SessionImpl.class.getClassLoader());
        try {
            return execute(parse(part), part);
        } catch (SqlException e) {
            throw e;
        } catch (CalciteContextException e) {
            throw Errors.validation(part, e);
        } catch (PlanningException e) {
            throw Errors.at(part, e.pos(), e.getMessage(), e);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw Errors.at(part, null, "Planning failed: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private StatementResult execute(SqlNode node, ScriptPart part) {
        if (node instanceof SqlCreateTableStatement create) {
            return createTable(create, part);
        }
        if (node instanceof SqlCreateViewStatement create) {
            return createView(create, part);
        }
        if (node instanceof SqlDropStatement drop) {
            return drop(drop);
        }
        if (node instanceof SqlSetStatement set) {
            return set(set);
        }
        if (node instanceof SqlShowStatement show) {
            return show(show);
        }
        if (node instanceof SqlDescribeStatement describe) {
            return describe(describe);
        }
        // queries: the late-data policy of the current settings (which may be initial ones never SET)
        planner.latePolicy(LateDataSettings.policy(settings));
        if (node instanceof SqlExplainStatement explain) {
            return explain(explain.statement(), part);
        }
        if (node instanceof SqlExplain explain) {
            return explain(explain.getExplicandum(), part);
        }
        if (node instanceof SqlInsert insert) {
            return new StatementResult.Query(
                    StatementKind.INSERT,
                    new QueryPlan(part.text(), insert(insert).root()));
        }
        return new StatementResult.Query(
                StatementKind.SELECT,
                new QueryPlan(part.text(), planner.plan(node).root()));
    }

    // ---- DDL ----

    private StatementResult createTable(SqlCreateTableStatement create, ScriptPart part) {
        if (create.getReplace()) {
            throw new PlanningException("CREATE OR REPLACE TABLE is not supported", create.getParserPosition());
        }
        CatalogTable table =
                new CreateTable(planner, config.connectorValidator(), config.database(), part).build(create, catalog);
        String name = CreateTable.simpleName(create.name());
        if (table == null) {
            return new StatementResult.CatalogChange(
                    StatementKind.CREATE_TABLE, name, false, "Table '" + name + "' already exists; nothing created.");
        }
        catalog.add(table);
        return new StatementResult.CatalogChange(
                StatementKind.CREATE_TABLE, name, true, "Table '" + name + "' created.");
    }

    private StatementResult createView(SqlCreateViewStatement create, ScriptPart part) {
        String name = CreateTable.simpleName(create.name());
        if (catalog.contains(name) && !create.getReplace()) {
            if (create.ifNotExists) {
                return new StatementResult.CatalogChange(
                        StatementKind.CREATE_VIEW, name, false, "View '" + name + "' already exists; nothing created.");
            }
            throw new PlanningException(
                    (catalog.view(name) != null ? "View '" : "A table named '") + name + "' already exists",
                    create.name().getParserPosition());
        }
        if (catalog.table(name) != null) {
            throw new PlanningException(
                    "A table named '" + name + "' already exists", create.name().getParserPosition());
        }
        String query = Text.after(part.text(), create.asPos());
        RelDataType rowType = planner.validateView(create.query());
        List<SqlIdentifier> columns = create.columns();
        if (!columns.isEmpty()) {
            if (columns.size() != rowType.getFieldCount()) {
                throw new PlanningException(
                        "View '" + name + "' declares " + columns.size() + " columns but its query has "
                                + rowType.getFieldCount(),
                        create.name().getParserPosition());
            }
            List<String> names = new ArrayList<>();
            columns.forEach(c -> names.add(c.getSimple()));
            List<RelDataType> types = new ArrayList<>();
            rowType.getFieldList().forEach(f -> types.add(f.getType()));
            rowType = planner.typeFactory().createStructType(types, names);
        }
        Set<String> seen = new HashSet<>();
        for (String column : rowType.getFieldNames()) {
            if (!seen.add(column)) {
                throw new PlanningException(
                        "View '" + name + "' has two columns named '" + column + "'; name them with AS",
                        create.name().getParserPosition());
            }
        }
        catalog.removeView(name);
        catalog.add(new CatalogView(name, query, rowType, CreateTable.comment(create.comment()), create.isTemporary()));
        return new StatementResult.CatalogChange(StatementKind.CREATE_VIEW, name, true, "View '" + name + "' created.");
    }

    private StatementResult drop(SqlDropStatement drop) {
        String name = CreateTable.simpleName(drop.name());
        StatementKind kind = drop.isView() ? StatementKind.DROP_VIEW : StatementKind.DROP_TABLE;
        String what = drop.isView() ? "View" : "Table";
        boolean exists = drop.isView() ? catalog.view(name) != null : catalog.table(name) != null;
        if (!exists) {
            if (catalog.contains(name)) {
                throw new PlanningException(
                        "'" + name + "' is a " + (drop.isView() ? "table: use DROP TABLE" : "view: use DROP VIEW"),
                        drop.name().getParserPosition());
            }
            if (drop.ifExists) {
                return new StatementResult.CatalogChange(
                        kind, name, false, what + " '" + name + "' does not exist; nothing dropped.");
            }
            throw new PlanningException(
                    what + " '" + name + "' does not exist", drop.name().getParserPosition());
        }
        if (drop.isView()) {
            catalog.removeView(name);
        } else {
            catalog.removeTable(name);
        }
        return new StatementResult.CatalogChange(kind, name, true, what + " '" + name + "' dropped.");
    }

    // ---- settings and catalog listing ----

    private StatementResult set(SqlSetStatement set) {
        if (set.isReset()) {
            if (set.key() == null) {
                settings.clear();
                settings.putAll(config.settings());
                return new StatementResult.SettingsChange(
                        StatementKind.RESET, "All session properties reset.", settings);
            }
            String initial = config.settings().get(set.key());
            if (initial == null) {
                settings.remove(set.key());
            } else {
                settings.put(set.key(), initial);
            }
            return new StatementResult.SettingsChange(
                    StatementKind.RESET, "Session property '" + set.key() + "' reset.", settings);
        }
        if (set.key() == null) {
            List<List<String>> rows = new ArrayList<>();
            new TreeMap<>(settings).forEach((k, v) -> rows.add(List.of(k, v)));
            return new StatementResult.Table(StatementKind.SET, List.of("key", "value"), rows);
        }
        LateDataSettings.validate(set.key(), set.value());
        SinkSettings.validate(set.key(), set.value());
        settings.put(set.key(), set.value());
        return new StatementResult.SettingsChange(
                StatementKind.SET, "Session property '" + set.key() + "' set to '" + set.value() + "'.", settings);
    }

    private StatementResult show(SqlShowStatement show) {
        List<List<String>> rows = new ArrayList<>();
        if (show.kind() == SqlShowStatement.Kind.TABLES) {
            // as in Flink, SHOW TABLES lists views too
            List<String> names = new ArrayList<>(tableNames());
            names.addAll(viewNames());
            names.stream().sorted().forEach(n -> rows.add(List.of(n)));
            return new StatementResult.Table(StatementKind.SHOW_TABLES, List.of("table name"), rows);
        }
        viewNames().forEach(n -> rows.add(List.of(n)));
        return new StatementResult.Table(StatementKind.SHOW_VIEWS, List.of("view name"), rows);
    }

    /** DESCRIBE's extras: {@code AS expr} of a computed column, {@code METADATA FROM 'key' [VIRTUAL]}. */
    private static String extras(CatalogColumn column) {
        if (column.isMetadata()) {
            return "METADATA FROM '" + column.metadataKey() + "'" + (column.virtual() ? " VIRTUAL" : "");
        }
        return column.isPhysical() ? "" : "AS " + column.expressionSql();
    }

    private StatementResult describe(SqlDescribeStatement describe) {
        String name = CreateTable.simpleName(describe.name());
        List<String> header = List.of("name", "type", "null", "key", "extras", "watermark");
        List<List<String>> rows = new ArrayList<>();
        CatalogTable table = catalog.table(name);
        if (table != null) {
            String key = table.primaryKey().isEmpty() ? "" : "PRI(" + String.join(", ", table.primaryKey()) + ")";
            for (CatalogColumn column : table.columns()) {
                boolean rowtime =
                        table.watermark() != null && table.watermark().column().equals(column.name());
                rows.add(List.of(
                        column.name(),
                        typeText(column.type()),
                        column.type().nullable() ? "TRUE" : "FALSE",
                        table.primaryKey().contains(column.name()) ? key : "",
                        extras(column),
                        rowtime ? table.watermark().expressionSql() : ""));
            }
            return new StatementResult.Table(StatementKind.DESCRIBE, header, rows);
        }
        CatalogView view = catalog.view(name);
        if (view != null) {
            for (RelDataTypeField field : view.rowType().getFieldList()) {
                rows.add(List.of(
                        field.getName(),
                        Types.describe(field.getType()),
                        field.getType().isNullable() ? "TRUE" : "FALSE",
                        "",
                        "",
                        ""));
            }
            return new StatementResult.Table(StatementKind.DESCRIBE, header, rows);
        }
        throw new PlanningException(
                "Table or view '" + name + "' does not exist", describe.name().getParserPosition());
    }

    private static String typeText(DataType type) {
        return type.withNullable(true).toString();
    }

    @Override
    public Map<String, String> settings() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    @Override
    public List<String> tableNames() {
        return catalog.tables().stream().map(CatalogTable::name).sorted().toList();
    }

    @Override
    public List<String> viewNames() {
        return catalog.views().stream().map(CatalogView::name).sorted().toList();
    }

    // ---- queries ----

    private StatementResult explain(SqlNode statement, ScriptPart part) {
        Planner.Planned planned = statement instanceof SqlInsert insert ? insert(insert) : planner.plan(statement);
        QueryPlan plan = new QueryPlan(part.text(), planned.root());
        String text = "== Abstract Syntax Tree ==\n" + planned.logicalText()
                + "\n== Optimized Logical Plan ==\n" + planned.optimizedText()
                + "\n== Physical Plan ==\n" + plan.explain();
        return new StatementResult.Explanation(StatementKind.EXPLAIN, text, plan);
    }

    /** Plans {@code INSERT INTO t [(columns)] query}: the query, cast to the table's physical columns, into a sink. */
    private Planner.Planned insert(SqlInsert insert) {
        if (!(insert.getTargetTable() instanceof SqlIdentifier target)) {
            throw new PlanningException(
                    "INSERT INTO needs a table name", insert.getTargetTable().getParserPosition());
        }
        String name = CreateTable.simpleName(target);
        CatalogTable table = catalog.table(name);
        if (table == null) {
            throw new PlanningException(
                    catalog.view(name) != null
                            ? "Cannot INSERT INTO view '" + name + "'"
                            : "Table '" + name + "' does not exist",
                    target.getParserPosition());
        }
        if (!table.persistedMetadata().isEmpty()) {
            CatalogColumn column = table.persistedMetadata().get(0);
            throw new PlanningException(
                    "Cannot INSERT INTO table '" + name + "': its column '" + column.name() + "' METADATA FROM '"
                            + column.metadataKey() + "' is not VIRTUAL, and Sabot does not write metadata yet;"
                            + " declare it VIRTUAL to read it and write the other columns",
                    target.getParserPosition());
        }
        RowType sinkType = table.ref().physicalType();
        List<String> targets = new ArrayList<>();
        SqlNodeList columnList = insert.getTargetColumnList();
        if (columnList == null) {
            sinkType.columns().forEach(c -> targets.add(c.name()));
        } else {
            for (SqlNode node : columnList) {
                SqlIdentifier id = (SqlIdentifier) node;
                String column = id.getSimple();
                if (sinkType.indexOf(column) < 0) {
                    boolean computed =
                            table.columns().stream().anyMatch(c -> c.name().equals(column));
                    throw new PlanningException(
                            computed
                                    ? "Cannot INSERT INTO computed column '" + column + "'"
                                    : "Unknown target column '" + column + "' of table '" + name + "'",
                            id.getParserPosition());
                }
                if (targets.contains(column)) {
                    throw new PlanningException(
                            "Target column '" + column + "' is assigned more than once", id.getParserPosition());
                }
                targets.add(column);
            }
        }
        Planner.Planned planned = planner.plan(insert.getSource());
        PlanNode query = planned.root();
        RowType queryType = query.rowType();
        if (queryType.size() != targets.size()) {
            throw new PlanningException(
                    sinkMismatch(name, "Different number of columns.", queryType, targets, sinkType));
        }
        List<Expr> exprs = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        boolean identity = queryType.size() == sinkType.size();
        for (int j = 0; j < sinkType.size(); j++) {
            Column sinkColumn = sinkType.column(j);
            DataType to = sinkColumn.type().withTimeAttribute(TimeAttribute.NONE);
            int i = targets.indexOf(sinkColumn.name());
            Expr expr;
            if (i < 0) {
                if (!to.nullable()) {
                    throw new PlanningException("Column '" + sinkColumn.name() + "' of table '" + name
                            + "' is NOT NULL and has no value in INSERT INTO");
                }
                expr = new Literal(null, to);
                identity = false;
            } else {
                DataType from = queryType.type(i);
                if (!assignable(from, to)) {
                    throw new PlanningException(sinkMismatch(
                            name,
                            "Incompatible types for sink column '" + sinkColumn.name() + "' at position " + i + ".",
                            queryType,
                            targets,
                            sinkType));
                }
                if (!to.nullable() && alwaysNull(query, i)) {
                    // as Flink: a NULL literal cannot ever be written; nullable expressions are checked per row
                    throw new PlanningException(
                            "Column '" + sinkColumn.name() + "' of table '" + name + "' is NOT NULL, however, a NULL"
                                    + " literal is being written into it",
                            columnPosition(insert.getSource(), i));
                }
                expr = new InputRef(i, from);
                if (Types.needsCast(from, to)) {
                    expr = new io.sabot.plan.Call(
                            io.sabot.plan.Operator.CAST, List.of(expr), to.withNullable(from.nullable()));
                    identity = false;
                }
                identity &= i == j;
            }
            exprs.add(expr);
            columns.add(new Column(sinkColumn.name(), expr.type()));
        }
        PlanNode input = identity
                ? query
                : io.sabot.sql.internal.planner.Calcs.merge(new Calc(query, exprs, null, new RowType(columns)));
        return new Planner.Planned(
                planned.logical(),
                planned.optimized(),
                new Sink(
                        SinkSettings.materialize(
                                input, table.ref().primaryKey(), SinkSettings.upsertMaterialize(settings)),
                        table.ref(),
                        SinkSettings.notNullEnforcer(settings)));
    }

    /** Whether column {@code i} of {@code node} is a NULL literal in every row (a projection or VALUES of NULL). */
    private static boolean alwaysNull(PlanNode node, int i) {
        if (node.rowType().type(i).kind() == TypeKind.NULL) {
            return true;
        }
        if (node instanceof Calc calc) {
            return isNullLiteral(calc.projections().get(i));
        }
        if (node instanceof io.sabot.plan.Values values) {
            return !values.rows().isEmpty()
                    && values.rows().stream().allMatch(row -> row.get(i).value() == null);
        }
        if (node instanceof io.sabot.plan.Union union) {
            return union.inputs().stream().allMatch(in -> alwaysNull(in, i));
        }
        return false;
    }

    private static boolean isNullLiteral(Expr expr) {
        if (expr instanceof Literal literal) {
            return literal.value() == null;
        }
        return expr instanceof io.sabot.plan.Call call
                && call.operator() == io.sabot.plan.Operator.CAST
                && isNullLiteral(call.operands().get(0));
    }

    /** Where the query's column {@code i} is written: its select item, or its first NULL in VALUES. */
    private static SqlParserPos columnPosition(SqlNode source, int i) {
        if (source instanceof org.apache.calcite.sql.SqlSelect select
                && select.getSelectList().size() > i
                && select.getSelectList().stream().noneMatch(n -> n instanceof SqlIdentifier id && id.isStar())) {
            return select.getSelectList().get(i).getParserPosition();
        }
        if (source instanceof org.apache.calcite.sql.SqlCall call && call.getKind() == SqlKind.VALUES) {
            for (SqlNode row : call.getOperandList()) {
                if (row instanceof org.apache.calcite.sql.SqlCall r && r.operandCount() > i) {
                    SqlNode value = r.operand(i);
                    if (org.apache.calcite.sql.SqlUtil.isNullLiteral(value, true)) {
                        return value.getParserPosition();
                    }
                }
            }
        }
        return source.getParserPosition();
    }

    private static String sinkMismatch(String table, String cause, RowType query, List<String> targets, RowType sink) {
        return "Column types of query result and sink for '" + table + "' do not match.\nCause: " + cause
                + "\n\nQuery schema: " + query + "\nSink schema:  " + sink
                + (targets.size() == sink.size() ? "" : "\nTarget columns: " + targets);
    }

    /** Whether a query column can be written to a sink column (with an implicit cast within a type family). */
    private static boolean assignable(DataType from, DataType to) {
        return from.kind() == TypeKind.NULL || family(from.kind()) == family(to.kind());
    }

    private static int family(TypeKind kind) {
        if (kind.isNumeric()) {
            return 1;
        }
        return switch (kind) {
            case TIMESTAMP, TIMESTAMP_LTZ -> 2;
            default -> 10 + kind.ordinal();
        };
    }
}
