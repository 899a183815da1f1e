package io.sabot.format.csv.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.RecordDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/**
 * Every table of the shared conformance cases decodes from its data file without a single error, one row per line.
 * The schemas come from the cases' own {@code CREATE TABLE} statements (plus Nexmark's {@code auction}, which has
 * data but no query yet). Skipped where the shared folder is absent.
 */
public class ConformanceDataTest {

    static final Path CONFORMANCE = Path.of("/work/shared/conformance");
    private static final Pattern CREATE_TABLE =
            Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\) WITH \\((.*?)\\);", Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile("^\\s*(\\w+)\\s+([A-Z]+(?:\\(\\d+(?:,\\s*\\d+)?\\))?)");

    /** Nexmark's auction table, as the conformance generator writes it. */
    private static final String AUCTION = "CREATE TABLE auction (id BIGINT, itemName STRING, description STRING, "
            + "initialBid BIGINT, reserve BIGINT, dateTime TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, "
            + "category BIGINT, extra STRING) WITH ('path' = '${DATA}/auction.csv');";

    static Map<String, Schema> tables() throws Exception {
        Map<String, Schema> tables = new TreeMap<>();
        List<String> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.list(CONFORMANCE.resolve("queries"))) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                scripts.add(Files.readString(file));
            }
        }
        scripts.add(AUCTION);
        for (String script : scripts) {
            Matcher table = CREATE_TABLE.matcher(script);
            while (table.find()) {
                List<Object> columns = new ArrayList<>();
                for (String line : table.group(2).split(",\\s*\n|,\\s(?=\\w+ [A-Z])")) {
                    Matcher column = COLUMN.matcher(line);
                    if (column.find() && !column.group(1).equals("WATERMARK")) {
                        columns.add(column.group(1));
                        columns.add(type(column.group(2)));
                    }
                }
                Schema schema = TestFormat.schema(columns.toArray());
                Schema previous = tables.put(table.group(1), schema);
                assertTrue(
                        "table " + table.group(1) + " declared alike everywhere",
                        previous == null || previous.equals(schema));
            }
        }
        return tables;
    }

    static ArrowType type(String sql) {
        switch (sql) {
            case "BIGINT":
                return TestFormat.BIGINT;
            case "INT":
            case "INTEGER":
                return TestFormat.INT;
            case "STRING":
            case "VARCHAR":
                return TestFormat.VARCHAR;
            case "DOUBLE":
                return TestFormat.DOUBLE;
            case "TIMESTAMP(3)":
                return TestFormat.TIMESTAMP;
            default:
                throw new AssertionError("add SQL type " + sql + " to this test");
        }
    }

    @Test
    public void everyConformanceTableDecodesWithoutErrors() throws Exception {
        assumeTrue("conformance cases at " + CONFORMANCE, Files.isDirectory(CONFORMANCE.resolve("data")));
        Map<String, Schema> tables = tables();
        List<String> dataFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(CONFORMANCE.resolve("data"))) {
            files.map(p -> p.getFileName().toString()).sorted().forEach(dataFiles::add);
        }
        assertTrue(dataFiles.toString(), dataFiles.contains("bid.csv"));
        for (String file : dataFiles) {
            String name = file.substring(0, file.lastIndexOf('.'));
            Schema schema = tables.get(name);
            assertTrue("a schema for " + file + " among " + tables.keySet(), schema != null);
            byte[] bytes = Files.readAllBytes(CONFORMANCE.resolve("data").resolve(file));
            long lines = 0;
            for (byte b : bytes) {
                lines += b == '\n' ? 1 : 0;
            }
            assertEquals(file + " ends with a line break", '\n', bytes[bytes.length - 1]);
            try (TestFormat format = new TestFormat(schema)) {
                long rows = decodeAll(format.decoder, schema, format, bytes, file);
                assertEquals(file + ": one row per line", lines, rows);
            }
        }
    }

    private static long decodeAll(RecordDecoder decoder, Schema schema, TestFormat format, byte[] bytes, String file) {
        List<String> errors = new ArrayList<>();
        BinaryRecords records = new BinaryRecords(1024);
        long rows = 0;
        long line = 1;
        int start = 0;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, format.allocator)) {
            for (int i = 0; i <= bytes.length; i++) {
                boolean end = i == bytes.length;
                if (end || bytes[i] == '\n') {
                    if (!end || i > start) {
                        records.add(bytes, start, i - start, line++);
                    }
                    start = i + 1;
                }
                if (records.count() == 1024 || (end && records.count() > 0)) {
                    rows += decoder.decode(
                            records,
                            root,
                            (index, message) -> errors.add(file + ":" + records.position(index) + ": " + message));
                    if (rows == root.getRowCount() && file.equals("bid.csv")) {
                        // the first row, spelled out
                        List<Object> first = TestFormat.read(root).get(0);
                        assertEquals(
                                List.of(
                                        1000L,
                                        1001L,
                                        320276L,
                                        "Facebook",
                                        "https://www.nexmark.com/fz_/cge/hdjd/item.htm?query=1",
                                        LocalDateTime.of(2023, 12, 31, 23, 59, 59, 240_000_000),
                                        "skumuy"),
                                first);
                    }
                    root.setRowCount(0);
                    records.clear();
                }
            }
        }
        assertEquals(List.of(), errors);
        return rows;
    }
}
