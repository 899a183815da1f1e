package io.sabot.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.Calc;
import io.sabot.plan.ChangelogKind;
import io.sabot.plan.JoinKind;
import io.sabot.plan.LookupJoin;
import io.sabot.plan.PlanNode;
import io.sabot.plan.QueryPlan;
import io.sabot.plugin.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * {@code JOIN dim FOR SYSTEM_TIME AS OF o.proc ON …} becomes a {@link LookupJoin}: keys, kind, extra condition, the
 * dimension columns the query reads; and what Sabot refuses, with Flink's reasons and the position in the statement.
 */
public class LookupJoinPlannerTest {

    /** Only filesystem tables can be looked up, as with the runtime's plug-ins. */
    private static final ConnectorValidator VALIDATOR = new ConnectorValidator() {
        @Override
        public ValidationResult validate(String tableName, String connector, Map<String, String> options) {
            return ConnectorValidator.ACCEPT_ALL.validate(tableName, connector, options);
        }

        @Override
        public boolean supportsLookup(String connector) {
            return connector.equals("filesystem");
        }
    };

    private final SqlSession session = session();

    private static SqlSession session() {
        SqlSession session =
                TestSessions.FRONT_END.newSession(SessionConfig.defaults().withConnectorValidator(VALIDATOR));
        session.executeScript(TestSessions.TABLES, Map.of());
        session.executeScript(
                "CREATE TABLE products (product_id BIGINT, name STRING, category STRING, price DOUBLE,"
                        + " PRIMARY KEY (product_id) NOT ENFORCED) WITH ('connector' = 'filesystem');"
                        + "CREATE TABLE users (id BIGINT, region STRING) WITH ('connector' = 'datagen');",
                Map.of());
        return session;
    }

    private QueryPlan plan(String sql) {
        return ((StatementResult.Query) TestSessions.last(session, sql)).plan();
    }

    private SqlException rejected(String sql) {
        return assertThrows(SqlException.class, () -> plan(sql));
    }

    private static LookupJoin lookupJoin(PlanNode root) {
        List<LookupJoin> found = new ArrayList<>();
        collect(root, found);
        assertEquals(new QueryPlan("", root).explain(), 1, found.size());
        return found.get(0);
    }

    private static void collect(PlanNode node, List<LookupJoin> found) {
        if (node instanceof LookupJoin join) {
            found.add(join);
        }
        node.inputs().forEach(input -> collect(input, found));
    }

    @Test
    public void anInnerLookupJoinLooksUpByTheEqualityAndFetchesOnlyTheColumnsRead() {
        QueryPlan plan = plan("SELECT c.user_id, p.name, c.cost FROM clicks AS c"
                + " JOIN products FOR SYSTEM_TIME AS OF c.proc AS p ON c.user_id = p.product_id");
        LookupJoin join = lookupJoin(plan.root());
        assertEquals("default.products", join.table().name());
        assertEquals("filesystem", join.table().connector());
        assertEquals(JoinKind.INNER, join.kind());
        assertEquals(List.of(0), join.inputKeys());
        assertEquals(List.of(0), join.tableKeys());
        assertEquals("only name is read", List.of(1), join.tableColumns());
        assertNull(join.condition());
        assertEquals(ChangelogKind.INSERT_ONLY, plan.changelog());
        assertTrue(
                plan.explain(),
                plan.explain()
                        .contains("LookupJoin(table=[default.products], connector=[filesystem],"
                                + " joinType=[INNER], lookup=[product_id=$0], select=[name])"));
        Calc top = (Calc) plan.root();
        assertEquals(
                List.of("user_id", "name", "cost"),
                top.rowType().columns().stream().map(c -> c.name()).toList());
    }

    @Test
    public void aLeftLookupJoinKeepsItsExtraConditionAndPadsNullableColumns() {
        QueryPlan plan = plan("SELECT c.user_id, p.name FROM clicks AS c LEFT JOIN products"
                + " FOR SYSTEM_TIME AS OF c.proc AS p ON c.user_id = p.product_id AND p.category <> 'toys'"
                + " AND c.cost > 10");
        LookupJoin join = lookupJoin(plan.root());
        assertEquals(JoinKind.LEFT, join.kind());
        assertNotNull("the rest of the ON clause decides which rows match", join.condition());
        assertEquals("name and category", List.of(1, 2), join.tableColumns());
        int width = join.input().rowType().size();
        assertTrue(join.rowType().type(width).nullable());
        assertTrue(plan.explain(), plan.explain().contains("joinType=[LEFT]"));
    }

    @Test
    public void aChangelogInputPassesItsRowKindsThroughAsInFlink() {
        QueryPlan plan = plan("SELECT j.user_id, p.name FROM (SELECT c.user_id, c.proc FROM clicks AS c"
                + " LEFT JOIN users AS u ON c.user_id = u.id) AS j"
                + " JOIN products FOR SYSTEM_TIME AS OF j.proc AS p ON j.user_id = p.product_id");
        LookupJoin join = lookupJoin(plan.root());
        assertEquals(ChangelogKind.RETRACT, join.input().changelog());
        assertEquals(ChangelogKind.RETRACT, join.changelog());
    }

    @Test
    public void aTableWhoseConnectorOffersNoLookupIsRefusedNamingTableConnectorAndPosition() {
        SqlException e = rejected("SELECT c.user_id FROM clicks AS c\n"
                + "JOIN users FOR SYSTEM_TIME AS OF c.proc AS u ON c.user_id = u.id");
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .contains("Table 'users' cannot be looked up: its connector"
                                + " 'datagen' offers no lookup source"));
        assertEquals(2, e.line());
        assertEquals(6, e.column());
    }

    @Test
    public void anEventTimeTemporalJoinIsRefusedSayingSo() {
        SqlException e = rejected("SELECT b.auction, p.name FROM bid AS b JOIN products FOR SYSTEM_TIME AS OF"
                + " b.dateTime AS p ON b.auction = p.product_id");
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .contains("Event-time temporal joins are not supported yet:"
                                + " 'dateTime' is an event-time (rowtime) attribute"));
        assertEquals(1, e.line());
        assertEquals(76, e.column());
    }

    @Test
    public void asOfAColumnThatIsNoTimeAttributeIsRefused() {
        SqlException e = rejected(
                "SELECT a.a FROM plain AS a JOIN products FOR SYSTEM_TIME AS OF a.ts AS p" + " ON a.a = p.product_id");
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .contains("only supports 'FOR SYSTEM_TIME AS OF' left table's time"
                                + " attribute field; 'ts' is not a time attribute"));
    }

    @Test
    public void aLookupJoinWithoutAnEqualityOnTheTablesColumnsIsRefused() {
        for (String on : List.of("c.user_id > p.product_id", "c.url = p.name || 'x'", "p.category = 'toys'")) {
            String sql = "SELECT c.user_id FROM clicks AS c JOIN products FOR SYSTEM_TIME AS OF c.proc AS p ON " + on;
            SqlException e = assertThrows(on, SqlException.class, () -> plan(sql));
            assertTrue(
                    on + ": " + e.getMessage(),
                    e.getMessage()
                            .contains(
                                    "Temporal table join requires an equality condition on fields of table [products]"));
        }
    }

    @Test
    public void aKeyOfAnotherTypeIsCastOnTheInputSide() {
        QueryPlan plan = plan("SELECT a.a, p.name FROM (SELECT a, PROCTIME() AS proc FROM plain) AS a"
                + " JOIN products FOR SYSTEM_TIME AS OF a.proc AS p ON a.a = p.product_id");
        LookupJoin join = lookupJoin(plan.root());
        int key = join.inputKeys().get(0);
        assertEquals(
                plan.explain(),
                io.sabot.plan.TypeKind.BIGINT,
                join.input().rowType().type(key).kind());
        assertEquals(List.of(0), join.tableKeys());
        assertEquals(
                List.of("a", "name"),
                plan.root().rowType().columns().stream().map(c -> c.name()).toList());
    }
}
