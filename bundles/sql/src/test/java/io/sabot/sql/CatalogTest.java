package io.sabot.sql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.plan.DataType;
import io.sabot.plan.TableRef;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.TypeKind;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionValidation;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CatalogTest {

    @Test
    public void createShowDescribeDrop() {
        SqlSession session = TestSessions.FRONT_END.newSession();
        StatementResult created = TestSessions.last(session, TestSessions.TABLES);
        assertEquals(
                new StatementResult.CatalogChange(
                        StatementKind.CREATE_TABLE, "sink_t", true, "Table 'sink_t' created."),
                created);
        assertEquals(List.of("bid", "clicks", "plain", "sink_t"), session.tableNames());

        StatementResult.Table describe = (StatementResult.Table) TestSessions.last(session, "DESC clicks");
        assertEquals(List.of("name", "type", "null", "key", "extras", "watermark"), describe.columns());
        assertEquals(
                List.of(
                        List.of("user_id", "BIGINT", "FALSE", "PRI(user_id)", "", ""),
                        List.of("url", "STRING", "TRUE", "", "", ""),
                        List.of("cost", "DECIMAL(10, 2)", "TRUE", "", "", ""),
                        List.of("proc", "TIMESTAMP_LTZ(3) *PROCTIME*", "FALSE", "", "AS PROCTIME()", ""),
                        List.of("url_len", "INTEGER", "TRUE", "", "AS CHAR_LENGTH(url)", "")),
                describe.rows());
        StatementResult.Table bid = (StatementResult.Table) TestSessions.last(session, "DESCRIBE bid");
        assertEquals(
                List.of("dateTime", "TIMESTAMP(3) *ROWTIME*", "TRUE", "", "", "dateTime - INTERVAL '5' SECOND"),
                bid.rows().get(5));

        TestSessions.last(session, "CREATE VIEW expensive AS SELECT auction, price FROM bid WHERE price > 100");
        StatementResult.Table tables = (StatementResult.Table) TestSessions.last(session, "SHOW TABLES");
        assertEquals(
                List.of(List.of("bid"), List.of("clicks"), List.of("expensive"), List.of("plain"), List.of("sink_t")),
                tables.rows());
        StatementResult.Table views = (StatementResult.Table) TestSessions.last(session, "SHOW VIEWS");
        assertEquals(List.of(List.of("expensive")), views.rows());
        assertTrue(views.format().contains("| expensive |"));
        StatementResult.Table view = (StatementResult.Table) TestSessions.last(session, "DESCRIBE expensive");
        assertEquals(
                List.of("auction", "BIGINT", "TRUE", "", "", ""), view.rows().get(0));

        assertEquals(
                new StatementResult.CatalogChange(
                        StatementKind.DROP_VIEW, "expensive", true, "View 'expensive' dropped."),
                TestSessions.last(session, "DROP VIEW expensive"));
        assertEquals(
                new StatementResult.CatalogChange(
                        StatementKind.DROP_TABLE, "nope", false, "Table 'nope' does not exist; nothing dropped."),
                TestSessions.last(session, "DROP TABLE IF EXISTS nope"));
        SqlException missing = assertThrows(SqlException.class, () -> TestSessions.last(session, "\n DROP TABLE nope"));
        assertEquals("Table 'nope' does not exist (at line 2, column 13)", missing.getMessage());
        SqlException wrongKind = assertThrows(SqlException.class, () -> TestSessions.last(session, "DROP VIEW bid"));
        assertTrue(wrongKind.getMessage(), wrongKind.getMessage().startsWith("'bid' is a table: use DROP TABLE"));
        TestSessions.last(session, "DROP TABLE plain");
        assertFalse(session.tableNames().contains("plain"));
    }

    @Test
    public void createTableBuildsTheTableRef() {
        SqlSession session = TestSessions.session();
        // the plan carries the table: connector, options without it, physical columns, key positions
        StatementResult.Query query = (StatementResult.Query) TestSessions.last(session, "SELECT * FROM clicks");
        io.sabot.plan.PlanNode node = query.plan().root();
        while (!node.inputs().isEmpty()) {
            node = node.inputs().get(0);
        }
        TableRef ref = ((io.sabot.plan.TableScan) node).table();
        assertEquals("default.clicks", ref.name());
        assertEquals("datagen", ref.connector());
        assertEquals(Map.of("rows-per-second", "10"), ref.options());
        assertEquals(List.of(0), ref.primaryKey());
        assertEquals(3, ref.physicalType().size());
        assertEquals(
                new DataType(TypeKind.BIGINT, false, 0, 0, TimeAttribute.NONE),
                ref.physicalType().type(0));
        assertEquals(DataType.decimal(10, 2), ref.physicalType().type(2));
    }

    @Test
    public void metadataColumnsFollowThePhysicalOnesInTheScan() {
        SqlSession session = TestSessions.session();
        TestSessions.last(
                session,
                """
                CREATE TABLE k (
                  part INT METADATA FROM 'partition' VIRTUAL,
                  v STRING,
                  `offset` BIGINT METADATA,
                  kts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
                  n BIGINT,
                  next_offset AS `offset` + 1,
                  WATERMARK FOR kts AS kts - INTERVAL '1' SECOND
                ) WITH ('connector' = 'datagen')""");
        StatementResult.Table describe = (StatementResult.Table) TestSessions.last(session, "DESCRIBE k");
        assertEquals(
                List.of("part", "INTEGER", "TRUE", "", "METADATA FROM 'partition' VIRTUAL", ""),
                describe.rows().get(0));
        assertEquals(
                List.of("offset", "BIGINT", "TRUE", "", "METADATA FROM 'offset'", ""),
                describe.rows().get(2));
        assertEquals("kts - INTERVAL '1' SECOND", describe.rows().get(3).get(5));
        StatementResult.Query query = (StatementResult.Query) TestSessions.last(session, "SELECT * FROM k");
        io.sabot.plan.PlanNode node = query.plan().root();
        while (!node.inputs().isEmpty()) {
            node = node.inputs().get(0);
        }
        TableRef ref = ((io.sabot.plan.TableScan) node).table();
        assertEquals(2, ref.physicalType().size());
        assertEquals(
                List.of("v", "n", "part", "offset", "kts"),
                ref.scanType().columns().stream()
                        .map(io.sabot.plan.Column::name)
                        .toList());
        assertEquals(
                List.of(
                        new io.sabot.plan.MetadataColumn("part", "partition", DataType.of(TypeKind.INTEGER), true),
                        new io.sabot.plan.MetadataColumn("offset", "offset", DataType.of(TypeKind.BIGINT), false),
                        new io.sabot.plan.MetadataColumn(
                                "kts",
                                "timestamp",
                                DataType.of(TypeKind.TIMESTAMP_LTZ).withTimeAttribute(TimeAttribute.ROWTIME),
                                true)),
                ref.metadata());
        assertEquals(
                List.of("part", "v", "offset", "kts", "n", "next_offset"),
                query.plan().root().rowType().columns().stream()
                        .map(io.sabot.plan.Column::name)
                        .toList());

        SqlException virtualPhysical = assertThrows(
                SqlException.class,
                () -> TestSessions.last(session, "CREATE TABLE bad (a INT VIRTUAL) WITH ('connector' = 'datagen')"));
        assertTrue(
                virtualPhysical.getMessage(),
                virtualPhysical.getMessage().contains("Encountered \"VIRTUAL\" at line 1, column 25"));
        SqlException key = assertThrows(
                SqlException.class,
                () -> TestSessions.last(
                        session,
                        "CREATE TABLE bad (a INT METADATA, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'datagen')"));
        assertTrue(key.getMessage(), key.getMessage().contains("must be declared on physical columns"));
        SqlException insert = assertThrows(
                SqlException.class, () -> TestSessions.last(session, "INSERT INTO k SELECT 1, 'x', 2, 3 FROM plain"));
        assertTrue(
                insert.getMessage(),
                insert.getMessage().contains("column 'offset' METADATA FROM 'offset' is not VIRTUAL"));
    }

    @Test
    public void ifNotExistsAndDuplicates() {
        SqlSession session = TestSessions.session();
        StatementResult result =
                TestSessions.last(session, "CREATE TABLE IF NOT EXISTS bid (x INT) WITH ('connector' = 'datagen')");
        assertEquals(
                new StatementResult.CatalogChange(
                        StatementKind.CREATE_TABLE, "bid", false, "Table 'bid' already exists; nothing created."),
                result);
        SqlException e =
                assertThrows(SqlException.class, () -> TestSessions.last(session, "CREATE VIEW bid AS SELECT 1"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("A table named 'bid' already exists"));
    }

    @Test
    public void validationReportsEveryProblemAtOnce() {
        SqlSession session = TestSessions.FRONT_END.newSession();
        String script = "SET 'x' = 'y';\n"
                + "CREATE TABLE bad (\n"
                + "  a INT,\n"
                + "  a STRING,\n"
                + "  b BYTES,\n"
                + "  ts BIGINT,\n"
                + "  c AS nope + 1,\n"
                + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND,\n"
                + "  PRIMARY KEY (missing) NOT ENFORCED\n"
                + ") WITH ('format' = 'csv', 'format' = 'json')";
        SqlException e = assertThrows(SqlException.class, () -> session.executeScript(script, Map.of()));
        assertEquals(
                List.of(
                        "line 4, column 3: Duplicate column name 'a'",
                        "line 5, column 5: Column 'b': type BYTES is not supported yet",
                        "line 8, column 17: Invalid data type of time field for watermark definition. The field must be"
                                + " of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3"
                                + " (Sabot computes in milliseconds: TIMESTAMP(3)), but the time field type is BIGINT",
                        "line 9, column 16: Primary key column 'missing' is not defined in the table schema."
                                + " Available fields: [a, b, ts, c]",
                        "line 10, column 27: Duplicate option 'format'",
                        "line 2, column 14: Table options do not contain an option key 'connector' for discovering a"
                                + " connector."),
                e.problems());
        assertTrue(
                e.getMessage(),
                e.getMessage()
                        .startsWith(
                                "CREATE TABLE 'bad' (statement at line 2, column 1) has 6 problems:\n  - line 4, column 3: Duplicate column name 'a'"));
        assertEquals(4, e.line());
        assertEquals(3, e.column());
        assertTrue(session.tableNames().isEmpty());
    }

    @Test
    public void watermarkAndComputedColumnsAreTypeChecked() {
        SqlSession session = TestSessions.FRONT_END.newSession();
        String script = "CREATE TABLE bad (\n"
                + "  n BIGINT,\n"
                + "  ts TIMESTAMP(3),\n"
                + "  c AS nope + 1,\n"
                + "  WATERMARK FOR n AS n - INTERVAL '1' SECOND\n"
                + ") WITH ('connector' = 'datagen')";
        SqlException e = assertThrows(SqlException.class, () -> session.executeScript(script, Map.of()));
        assertEquals(2, e.problems().size());
        assertTrue(
                e.problems().get(0),
                e.problems()
                        .get(0)
                        .startsWith("line 4, column 8: Computed column 'c': Column 'nope' not found in any table"));
        assertTrue(
                e.problems().get(1),
                e.problems()
                        .get(1)
                        .startsWith(
                                "line 5, column 17: Invalid data type of time field for watermark definition. The field must be of type"
                                        + " TIMESTAMP(p) or TIMESTAMP_LTZ(p)"));

        SqlException expression = assertThrows(
                SqlException.class,
                () -> session.executeScript(
                        "CREATE TABLE w (ts TIMESTAMP(3), WATERMARK FOR ts AS 'x') WITH ('connector' = 'datagen')",
                        Map.of()));
        assertTrue(
                expression.getMessage(),
                expression.getMessage().contains("Invalid data type of expression for watermark definition"));

        SqlException column = assertThrows(
                SqlException.class,
                () -> session.executeScript(
                        "CREATE TABLE w (ts TIMESTAMP(3), WATERMARK FOR tz AS tz) WITH ('connector' = 'datagen')",
                        Map.of()));
        assertTrue(
                column.getMessage(),
                column.getMessage()
                        .contains(
                                "line 1, column 48: The rowtime attribute field 'tz' is not defined in the table schema."));
    }

    @Test
    public void connectorOptionsGoThroughTheValidator() {
        OptionDescriptor<Long> rows = OptionDescriptor.key("rows-per-second").longType();
        ConnectorValidator validator = (table, connector, options) -> OptionValidation.validate(
                "connector '" + connector + "' of table '" + table + "'", options, List.of(rows), List.of());
        SqlSession session =
                TestSessions.FRONT_END.newSession(SessionConfig.defaults().withConnectorValidator(validator));
        SqlException e = assertThrows(
                SqlException.class,
                () -> session.executeScript(
                        "CREATE TABLE t (a INT) WITH (\n 'connector' = 'datagen',\n 'rows-per-secnd' = '5',\n 'x' = 'y')",
                        Map.of()));
        assertEquals(3, e.problems().size());
        assertTrue(
                e.problems().get(0),
                e.problems()
                        .get(0)
                        .startsWith(
                                "line 3, column 2: connector 'datagen': unknown option 'rows-per-secnd' (did you mean 'rows-per-second'?)"));
        assertTrue(
                e.problems().get(1),
                e.problems().get(1).startsWith("line 4, column 2: connector 'datagen': unknown option 'x'"));
        assertTrue(e.problems().get(2), e.problems().get(2).contains("supports: rows-per-second"));
        session.executeScript(
                "CREATE TABLE t (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')", Map.of());
        assertEquals(List.of("t"), session.tableNames());
    }

    @Test
    public void settings() {
        SqlSession session = TestSessions.FRONT_END.newSession(
                SessionConfig.defaults().withSettings(Map.of("parallelism.default", "1")));
        StatementResult set = TestSessions.last(session, "SET 'parallelism.default' = '4'");
        assertEquals(
                new StatementResult.SettingsChange(
                        StatementKind.SET,
                        "Session property 'parallelism.default' set to '4'.",
                        Map.of("parallelism.default", "4")),
                set);
        TestSessions.last(session, "SET 'pipeline.name' = 'job'");
        StatementResult.Table list = (StatementResult.Table) TestSessions.last(session, "SET");
        assertEquals(List.of(List.of("parallelism.default", "4"), List.of("pipeline.name", "job")), list.rows());
        TestSessions.last(session, "RESET 'parallelism.default'");
        assertEquals(Map.of("parallelism.default", "1", "pipeline.name", "job"), session.settings());
        TestSessions.last(session, "RESET");
        assertEquals(Map.of("parallelism.default", "1"), session.settings());
    }

    @Test
    public void viewsWithColumnLists() {
        SqlSession session = TestSessions.session();
        TestSessions.last(session, "CREATE VIEW v (id, doubled) AS SELECT auction, price * 2 FROM bid");
        StatementResult.Table describe = (StatementResult.Table) TestSessions.last(session, "DESCRIBE v");
        assertEquals("id", describe.rows().get(0).get(0));
        assertEquals("doubled", describe.rows().get(1).get(0));
        SqlException e =
                assertThrows(SqlException.class, () -> TestSessions.last(session, "CREATE VIEW w (a) AS SELECT 1, 2"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("View 'w' declares 1 columns but its query has 2"));
        SqlException bad = assertThrows(
                SqlException.class, () -> TestSessions.last(session, "CREATE VIEW w AS SELECT nope FROM bid"));
        assertTrue(
                bad.getMessage(),
                bad.getMessage()
                        .startsWith(
                                "SQL validation failed. From line 1, column 25 to line 1, column 28: Column 'nope' not found"));
    }
}
