package io.sabot.engine;

import static io.sabot.engine.Plans.BIGINT;
import static io.sabot.engine.Plans.col;
import static io.sabot.engine.Plans.row;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.engine.internal.exec.TableContextImpl;
import io.sabot.plan.QueryPlan;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Table options: the connector's own, and a format's under its prefix. */
public class TableContextTest {

    static final ConnectorResolver RESOLVER =
            ConnectorResolver.of(new CsvSourceFactory(), new TestCsvFormat(), new TestSourceFactory());

    static TableRef table(Map<String, String> options) {
        return new TableRef("db.events", "test-csv", options, row(col("id", BIGINT)), List.of());
    }

    @Test
    public void formatOptionsAreStrippedOfTheirPrefixAndValidatedByTheFormat() {
        List<String> problems = new ArrayList<>();
        List<OptionError> errors = new ArrayList<>();
        TableContextImpl context = TableContextImpl.create(
                table(Map.of("path", "/tmp/x.csv", "format", "csv", "csv.field-delimiter", ";")),
                new CsvSourceFactory(),
                (s, o) -> List.of(),
                RESOLVER,
                2,
                problems,
                errors);
        assertEquals(List.of(), problems);
        assertEquals("db.events", context.tableName());
        assertEquals(2, context.parallelism());
        TestCsvFormat.Decoder decoder = (TestCsvFormat.Decoder) context.createDecoder("format");
        assertEquals(";", decoder.delimiter());
        assertEquals("db.events", decoder.table());
        OptionValidationException missing =
                assertThrows(OptionValidationException.class, () -> context.createDecoder("value.format"));
        assertTrue(missing.getMessage(), missing.getMessage().contains("no option 'value.format'"));
    }

    @Test
    public void everyProblemOfATableIsReportedAtOnce() {
        List<String> problems = new ArrayList<>();
        List<OptionError> errors = new ArrayList<>();
        TableContextImpl context = TableContextImpl.create(
                table(Map.of("paht", "/tmp/x.csv", "splits", "many", "format", "csv", "csv.quote", "'")),
                new CsvSourceFactory(),
                (s, o) -> List.of(),
                RESOLVER,
                1,
                problems,
                errors);
        assertNull(context);
        assertEquals(1, problems.size());
        String message = problems.get(0);
        assertTrue(message, message.startsWith("Invalid options for connector 'test-csv' of table 'db.events':"));
        assertTrue(message, message.contains("unknown option 'paht' (did you mean 'path'?)"));
        assertTrue(message, message.contains("missing required option 'path'"));
        assertTrue(message, message.contains("option 'splits'"));
        assertTrue(message, message.contains("format 'csv' (options 'csv.*'): unknown option 'quote'"));
        assertTrue(message, message.contains("Supported options: format, path, splits"));
        assertEquals(4, errors.size());
    }

    @Test
    public void tableLevelChecksRunAfterTheDescriptorsPass() {
        List<String> problems = new ArrayList<>();
        List<OptionError> errors = new ArrayList<>();
        TableContextImpl.create(
                table(Map.of("path", "/tmp/x.csv")),
                new CsvSourceFactory(),
                (schema, options) -> List.of(new OptionError(
                        "path",
                        OptionError.Kind.INVALID,
                        "option 'path': no column " + schema.getFields().size())),
                RESOLVER,
                1,
                problems,
                errors);
        assertTrue(problems.toString(), problems.get(0).contains("option 'path': no column 1"));
    }

    @Test
    public void aFormatThatIsNotInstalledIsNamed() {
        try (EngineHarness harness = new EngineHarness().with(new CsvSourceFactory())) {
            TableScan scan = new TableScan(table(Map.of("path", "/tmp/x.csv", "format", "avro")));
            OptionValidationException e = assertThrows(
                    OptionValidationException.class, () -> harness.engine().submit(new QueryPlan("SELECT", scan)));
            assertTrue(e.getMessage(), e.getMessage().contains("option 'format': no format 'avro' is installed"));
        }
    }
}
