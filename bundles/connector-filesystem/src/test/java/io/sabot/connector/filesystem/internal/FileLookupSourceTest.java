package io.sabot.connector.filesystem.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.spi.MetadataColumn;
import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.lookup.LookupCache;
import io.sabot.connector.spi.lookup.LookupContext;
import io.sabot.connector.spi.lookup.LookupSource;
import io.sabot.plugin.PluginException;
import io.sabot.plugin.ValidatedOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The filesystem connector's lookup source: it offers the full cache only, loads every visible file of a directory
 * through the table's format (header lines skipped when asked, CRLF and a last line without terminator handled),
 * sees a file's new content on the next load, and fails a load naming file and line. Real files.
 */
public class FileLookupSourceTest {

    private Path dir;
    private final RootAllocator allocator = new RootAllocator();

    @Before
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("sabot-file-lookup");
    }

    @After
    public void tearDown() throws Exception {
        assertEquals("bytes left", 0, allocator.getAllocatedMemory());
        allocator.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private LookupContext context(String... options) {
        TableContext table = TestRuntime.table(TestFormat.SCHEMA, 1, options);
        return new LookupContext() {
            @Override
            public List<Integer> keyColumns() {
                return List.of(0);
            }

            @Override
            public BufferAllocator allocator() {
                return allocator;
            }

            @Override
            public String tableName() {
                return table.tableName();
            }

            @Override
            public Schema schema() {
                return table.schema();
            }

            @Override
            public List<MetadataColumn> metadataColumns() {
                return List.of();
            }

            @Override
            public ValidatedOptions options() {
                return table.options();
            }

            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public RecordDecoder createDecoder(String formatKey) {
                return table.createDecoder(formatKey);
            }

            @Override
            public RecordEncoder createEncoder(String formatKey) {
                return table.createEncoder(formatKey);
            }
        };
    }

    /** The rows of one load, as "id|name". */
    private static List<String> load(LookupSource source) throws Exception {
        List<String> rows = new ArrayList<>();
        source.loadAll(batch -> {
            for (int i = 0; i < batch.getRowCount(); i++) {
                rows.add(batch.getVector(0).getObject(i) + "|"
                        + batch.getVector(1).getObject(i));
            }
        });
        return rows;
    }

    @Test
    public void offersTheFullCacheOnly() {
        assertEquals(Set.of(LookupCache.FULL), TestRuntime.FACTORY.supportedCaches());
        assertEquals(LookupCache.FULL, TestRuntime.FACTORY.defaultCache());
    }

    @Test
    public void loadsEveryVisibleFileAndSeesChangesOnTheNextLoad() throws Exception {
        Files.writeString(dir.resolve("a.csv"), "id,name\r\n1,one\r\n2,two");
        Files.writeString(dir.resolve("b.csv"), "id,name\n3,three\n,nobody\n");
        Files.writeString(dir.resolve(".hidden.csv"), "id,name\n9,hidden\n");
        try (LookupSource source = TestRuntime.FACTORY.createLookupSource(
                context("path", dir.toString(), "format", "test", "source.skip-first-line", "true"))) {
            source.open();
            assertEquals(List.of("1|one", "2|two", "3|three", "null|nobody"), load(source));
            Files.writeString(dir.resolve("b.csv"), "id,name\n3,THREE\n");
            assertEquals(List.of("1|one", "2|two", "3|THREE"), load(source));
        }
    }

    @Test
    public void aLineThatDoesNotDecodeFailsTheLoadNamingFileAndLine() throws Exception {
        Path file = dir.resolve("products.csv");
        Files.writeString(file, "1,one\nx,two\n");
        try (LookupSource source =
                TestRuntime.FACTORY.createLookupSource(context("path", file.toString(), "format", "test"))) {
            source.open();
            PluginException e = assertThrows(PluginException.class, () -> load(source));
            assertTrue(e.getMessage(), e.getMessage().contains("table 't', file '" + file + "'"));
            assertTrue(e.getMessage(), e.getMessage().contains("line 2: column 'id' (field 1): expected an integer"));
        }
    }

    @Test
    public void aMissingPathFailsTheLoadNamingIt() throws Exception {
        Path missing = dir.resolve("nowhere");
        try (LookupSource source =
                TestRuntime.FACTORY.createLookupSource(context("path", missing.toString(), "format", "test"))) {
            source.open();
            PluginException e = assertThrows(PluginException.class, () -> load(source));
            assertTrue(e.getMessage(), e.getMessage().contains("no such file or directory '" + missing + "'"));
        }
    }
}
