package io.sabot.sql.internal.planner;

import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.LatePolicy;
import io.sabot.plan.PlanNode;
import io.sabot.sql.internal.PlanningException;
import io.sabot.sql.internal.catalog.Catalog;
import io.sabot.sql.internal.catalog.CatalogTable;
import io.sabot.sql.internal.catalog.CatalogView;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContexts;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Validates and plans queries against a session's catalog: Calcite validation, conversion to relational algebra,
 * rule-based rewriting with a {@link HepPlanner}, window rewrites, then translation into the physical plan. One per
 * session; not thread-safe.
 */
public final class Planner {

    /** A planned query: the plans at each stage and the physical root. */
    public record Planned(RelNode logical, RelNode optimized, PlanNode root) {
        public String logicalText() {
            return RelOptUtil.toString(logical);
        }

        public String optimizedText() {
            return RelOptUtil.toString(optimized);
        }
    }

    private final Catalog catalog;
    private final JavaTypeFactoryImpl typeFactory = new JavaTypeFactoryImpl(Dialect.TYPE_SYSTEM);
    private final RexBuilder rexBuilder = new RexBuilder(typeFactory);

    private LatePolicy latePolicy = LatePolicy.DROP;

    private java.util.function.Predicate<String> lookupSupport = connector -> true;
    /** Which connectors read an upsert changelog (their scans are normalised); none by default. */
    private java.util.function.Predicate<String> upsertScans = connector -> false;

    public Planner(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The late-data policy of the window aggregations of the queries planned from now on. */
    public void latePolicy(LatePolicy policy) {
        this.latePolicy = java.util.Objects.requireNonNull(policy, "policy");
    }

    /** Which connectors offer lookups (by identifier), for {@code FOR SYSTEM_TIME AS OF} joins. */
    public void upsertScans(java.util.function.Predicate<String> connectors) {
        this.upsertScans = java.util.Objects.requireNonNull(connectors, "connectors");
    }

    public void lookupSupport(java.util.function.Predicate<String> connectors) {
        this.lookupSupport = java.util.Objects.requireNonNull(connectors, "connectors");
    }

    public RelDataTypeFactory typeFactory() {
        return typeFactory;
    }

    /** A validator over the catalog, e.g. to derive declared types. */
    public SqlValidator validator() {
        return newValidator(readerFor(schema()));
    }

    // ---- queries ----

    /**
     * Plans a query (SELECT, WITH, VALUES, set operations).
     *
     * @throws org.apache.calcite.runtime.CalciteContextException for validation errors (with positions)
     * @throws PlanningException for queries Sabot cannot run
     */
    public Planned plan(SqlNode query) {
        LookupJoins.Positions positions = LookupJoins.positions(query);
        Conversion conversion = new Conversion(schema());
        RelNode logical = conversion.convert(query);
        RelNode optimized = optimize(logical);
        PlanNode root = new PlanTranslator(
                        rexBuilder, latePolicy, new LookupJoins(rexBuilder, lookupSupport, positions))
                .upsertScans(upsertScans)
                .translate(optimized)
                .node();
        return new Planned(logical, optimized, root);
    }

    /** Validates a view's query and returns its row type. */
    public RelDataType validateView(SqlNode query) {
        Conversion conversion = new Conversion(schema());
        return conversion.convert(query).getRowType();
    }

    /**
     * Validates and translates expressions over a row (computed columns over the physical columns, a watermark
     * over all columns).
     *
     * @param rowType the columns the expressions see
     * @param rowTypes the plan types of those columns
     * @param expression the expression
     * @return the expression's Calcite type and plan expression
     */
    public TypedExpr expression(RelDataType rowType, List<DataType> rowTypes, SqlNode expression) {
        CalciteSchema root = schema();
        root.add(DDL_TABLE, new AbstractTable() {
            @Override
            public RelDataType getRowType(RelDataTypeFactory factory) {
                return rowType;
            }
        });
        SqlNodeList select = new SqlNodeList(List.of(expression), SqlParserPos.ZERO);
        SqlSelect query = new SqlSelect(
                SqlParserPos.ZERO,
                null,
                select,
                new SqlIdentifier(DDL_TABLE, SqlParserPos.ZERO),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        RelNode rel = new Conversion(root).convert(query);
        while (!(rel instanceof LogicalProject project)) {
            if (rel.getInputs().size() != 1) {
                throw new PlanningException("Unexpected expression plan " + RelOptUtil.toString(rel));
            }
            rel = rel.getInput(0);
        }
        RexNode rex = project.getProjects().get(0);
        RexToPlan translator = new RexToPlan(rexBuilder, rowTypes);
        Expr expr = translator.translate(rex);
        return new TypedExpr(rex.getType(), expr, translator.typeOf(rex));
    }

    /** A validated expression: Calcite type, plan expression and plan type (PROCTIME() is a proctime attribute). */
    public record TypedExpr(RelDataType relType, Expr expr, DataType type) {}

    private static final String DDL_TABLE = "$ddl_row";

    // ---- the pipeline ----

    private CalciteSchema schema() {
        CalciteSchema root = CalciteSchema.createRootSchema(false, false);
        for (CatalogTable table : catalog.tables()) {
            root.add(table.name(), new CatalogTables.TableAdapter(table));
        }
        for (CatalogView view : catalog.views()) {
            root.add(view.name(), new CatalogTables.ViewAdapter(view));
        }
        return root;
    }

    private CalciteCatalogReader readerFor(CalciteSchema root) {
        CalciteConnectionConfig config = Dialect.CONNECTION;
        return new CalciteCatalogReader(root, List.of(), typeFactory, config);
    }

    private SqlValidator newValidator(CalciteCatalogReader reader) {
        return SqlValidatorUtil.newValidator(SabotOperators.TABLE, reader, typeFactory, Dialect.VALIDATOR);
    }

    /** One statement's validation and conversion, sharing a cluster with the views it expands. */
    private final class Conversion implements RelOptTable.ViewExpander {
        private final CalciteCatalogReader reader;
        private final RelOptCluster cluster;

        Conversion(CalciteSchema root) {
            this.reader = readerFor(root);
            HepPlanner planner = new HepPlanner(HepProgram.builder().build(), Contexts.empty());
            planner.setExecutor(new RexExecutorImpl(DataContexts.EMPTY));
            this.cluster = RelOptCluster.create(planner, rexBuilder);
        }

        RelNode convert(SqlNode query) {
            WindowSyntax.rewrite(query);
            SqlValidator validator = newValidator(reader);
            SqlNode validated = validator.validate(query);
            SqlToRelConverter converter = new SqlToRelConverter(
                    this,
                    validator,
                    reader,
                    cluster,
                    Convertlets.INSTANCE,
                    SqlToRelConverter.config()
                            .withTrimUnusedFields(false)
                            .withExpand(false)
                            .withInSubQueryThreshold(Integer.MAX_VALUE));
            RelRoot root = converter.convertQuery(validated, false, true);
            // A top-level ORDER BY stays a Sort in root.rel, which the translator rejects.
            return new LegacyWindows(rexBuilder).rewrite(root.project());
        }

        @Override
        public RelRoot expandView(
                RelDataType rowType, String queryString, List<String> schemaPath, List<String> viewPath) {
            SqlNode query;
            try {
                query = SqlParser.create(queryString, Dialect.PARSER).parseQuery();
            } catch (SqlParseException e) {
                throw new PlanningException("View " + viewPath + " no longer parses: " + e.getMessage());
            }
            WindowSyntax.rewrite(query);
            SqlValidator validator = newValidator(reader);
            SqlNode validated = validator.validate(query);
            SqlToRelConverter converter = new SqlToRelConverter(
                    this,
                    validator,
                    reader,
                    cluster,
                    Convertlets.INSTANCE,
                    SqlToRelConverter.config().withTrimUnusedFields(false).withExpand(false));
            return converter.convertQuery(validated, false, true);
        }
    }

    private RelNode optimize(RelNode logical) {
        // 1. subqueries to joins, then decorrelation
        RelNode rel = hep(
                logical,
                List.of(
                        CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
                        CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
                        CoreRules.JOIN_SUB_QUERY_TO_CORRELATE));
        rel = org.apache.calcite.sql2rel.RelDecorrelator.decorrelateQuery(
                rel, RelBuilder.proto(Contexts.empty()).create(rel.getCluster(), null));
        // 2. logical simplification
        rel = hep(
                rel,
                List.of(
                        CoreRules.FILTER_INTO_JOIN,
                        CoreRules.JOIN_CONDITION_PUSH,
                        CoreRules.JOIN_PUSH_EXPRESSIONS,
                        CoreRules.FILTER_PROJECT_TRANSPOSE,
                        CoreRules.FILTER_MERGE,
                        CoreRules.PROJECT_MERGE,
                        CoreRules.PROJECT_REMOVE,
                        CoreRules.AGGREGATE_PROJECT_MERGE,
                        CoreRules.PROJECT_REDUCE_EXPRESSIONS,
                        CoreRules.FILTER_REDUCE_EXPRESSIONS,
                        CoreRules.UNION_MERGE));
        // 3. window TVF + aggregation, window Top-N
        rel = new WindowFolding(rexBuilder).rewrite(rel);
        // 4. projections and filters into calcs
        rel = hep(rel, List.of(CoreRules.PROJECT_MERGE, CoreRules.PROJECT_REMOVE));
        rel = hep(
                rel,
                List.of(
                        CoreRules.PROJECT_TO_CALC,
                        CoreRules.FILTER_TO_CALC,
                        CoreRules.CALC_MERGE,
                        CoreRules.CALC_REMOVE));
        return rel;
    }

    private static RelNode hep(RelNode rel, List<? extends RelOptRule> rules) {
        HepProgramBuilder program = HepProgram.builder().addMatchOrder(HepMatchOrder.BOTTOM_UP);
        program.addRuleCollection(new ArrayList<>(rules));
        HepPlanner planner = new HepPlanner(program.build(), Contexts.empty());
        planner.setExecutor(rel.getCluster().getPlanner().getExecutor());
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    /** Calcite's conversions, except those that would rewrite functions Sabot computes itself. */
    private static final class Convertlets implements org.apache.calcite.sql2rel.SqlRexConvertletTable {
        static final Convertlets INSTANCE = new Convertlets();

        @Override
        public org.apache.calcite.sql2rel.SqlRexConvertlet get(SqlCall call) {
            if (call.getOperator() == SqlStdOperatorTable.SQRT) {
                return StandardConvertletTable.INSTANCE::convertCall;
            }
            if (call.getOperator() == SqlStdOperatorTable.TIMESTAMP_ADD
                    || call.getOperator() == SqlStdOperatorTable.TIMESTAMP_DIFF) {
                return Convertlets::timeUnitCall;
            }
            return StandardConvertletTable.INSTANCE.get(call);
        }

        /** TIMESTAMPADD/TIMESTAMPDIFF(unit, a, b) kept as calls (Calcite would expand them into interval math). */
        private static RexNode timeUnitCall(org.apache.calcite.sql2rel.SqlRexContext cx, SqlCall call) {
            org.apache.calcite.sql.SqlIntervalQualifier unit = call.operand(0);
            List<RexNode> operands = new ArrayList<>();
            operands.add(cx.getRexBuilder().makeFlag(unit.getUnit()));
            operands.add(cx.convertExpression(call.operand(1)));
            operands.add(cx.convertExpression(call.operand(2)));
            RelDataType type = cx.getValidator().getValidatedNodeType(call);
            return cx.getRexBuilder().makeCall(type, call.getOperator(), operands);
        }
    }
}
