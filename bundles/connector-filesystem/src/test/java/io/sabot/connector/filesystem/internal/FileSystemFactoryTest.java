package io.sabot.connector.filesystem.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.sabot.connector.spi.Connectors;
import io.sabot.connector.spi.SinkFactory;
import io.sabot.connector.spi.SourceFactory;
import io.sabot.connector.spi.TableContext;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/** The factory as the runtime sees it: one service, both roles, Flink's option names, every error at once. */
public class FileSystemFactoryTest {

    @Test
    public void oneComponentIsBothSourceAndSinkFactory() throws Exception {
        // the component description bnd generated from the @Component annotation (class retention)
        String xml =
                Files.readString(Path.of("target/classes/OSGI-INF/" + FileSystemTableFactory.class.getName() + ".xml"));
        assertTrue(xml, xml.contains("<provide interface=\"" + SourceFactory.class.getName() + "\"/>"));
        assertTrue(xml, xml.contains("<provide interface=\"" + SinkFactory.class.getName() + "\"/>"));
        assertTrue(
                xml,
                xml.contains("<property name=\"" + Connectors.CONNECTOR_PROPERTY + "\" type=\"String\" "
                        + "value=\"filesystem\"/>"));
        assertEquals("filesystem", TestRuntime.FACTORY.identifier());
    }

    @Test
    public void everyProblemIsReportedAtOnce() {
        ValidationResult result = TestRuntime.FACTORY.validate(
                "connector 'filesystem' of table 't'",
                Map.of(
                        "source.monitor-interval", "0 s",
                        "sink.rolling-policy.file-size", "big",
                        "sink.parallelism", "0",
                        "source.skip-first-lines", "true"));
        assertEquals(
                List.of(
                        "format:MISSING",
                        "path:MISSING",
                        "sink.parallelism:INVALID",
                        "sink.rolling-policy.file-size:INVALID",
                        "source.monitor-interval:INVALID",
                        "source.skip-first-lines:UNKNOWN"),
                result.errors().stream().map(e -> e.key() + ":" + e.kind()).collect(Collectors.toList()));
        assertTrue(result.message(), result.message().contains("did you mean 'source.skip-first-line'?"));
    }

    @Test
    public void flinkOptionsParseAsFlinkWritesThem() {
        TableContext table = TestRuntime.table(
                TestFormat.SCHEMA,
                1,
                "path",
                "file:///tmp/x",
                "format",
                "csv",
                "source.monitor-interval",
                "10 s",
                "sink.rolling-policy.file-size",
                "64 mb",
                "sink.rolling-policy.rollover-interval",
                "15 min",
                "sink.parallelism",
                "4");
        assertEquals(Duration.ofSeconds(10), table.options().get(FileSystemOptions.SOURCE_MONITOR_INTERVAL));
        assertEquals(64L << 20, (long) table.options().get(FileSystemOptions.SINK_ROLLING_POLICY_FILE_SIZE));
        assertEquals(List.of(), TestRuntime.FACTORY.validateForTable(TestFormat.SCHEMA, table.options()));
        assertEquals(
                List.of(new OptionError(
                        "path",
                        OptionError.Kind.INVALID,
                        "option 'path': only local files are supported (a path or a file:// URI), not 'hdfs://'")),
                TestRuntime.FACTORY.validateForTable(
                        TestFormat.SCHEMA,
                        TestRuntime.table(TestFormat.SCHEMA, 1, "path", "hdfs://nn/x", "format", "csv")
                                .options()));
    }

    @Test
    public void everyLineOfTheConformanceDataIsReadOnce() throws Exception {
        Path data = Path.of("/work/shared/conformance/data");
        assumeTrue("conformance data at " + data, Files.isDirectory(data));
        long lines = 0;
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                for (byte b : Files.readAllBytes(file)) {
                    lines += b == '\n' ? 1 : 0;
                }
            }
        }
        Schema schema = new Schema(List.of(Field.nullable("line", ArrowType.Utf8.INSTANCE)));
        TableContext table = TestRuntime.table(schema, 2, "path", data.toString(), "format", "csv");
        try (TestRuntime runtime = new TestRuntime()) {
            FileSource source = TestRuntime.source(table);
            List<TestRuntime.Subtask> readers =
                    List.of(runtime.reader(source, table, 0, 4096), runtime.reader(source, table, 1, 4096));
            runtime.startEnumerator(source, 2);
            runtime.runToEnd(readers);
            long rows = readers.get(0).output.rows.size()
                    + readers.get(1).output.rows.size();
            assertEquals(lines, rows);
            assertEquals(List.of(), readers.get(0).failures);
            assertEquals(List.of(), readers.get(1).failures);
        }
    }
}
