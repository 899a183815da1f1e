package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Metadata columns of a file table: each row carries the path, name, size and modification time of the file it was
 * read from (Flink's keys), across files of different sizes and at parallelism 2; an unknown key is refused listing
 * the readable ones.
 */
public class FileMetadataTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyRowNamesItsFile() throws Exception {
        Path dir = folder.newFolder("in").toPath();
        Map<String, Long> rowsPerFile = new TreeMap<>();
        for (int f = 0; f < 3; f++) {
            StringBuilder csv = new StringBuilder();
            int rows = 1000 * (f + 1);
            for (int i = 0; i < rows; i++) {
                csv.append(f).append(',').append(i).append('\n');
            }
            Path file = dir.resolve("part-" + f + ".csv");
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + f * 1000L));
            rowsPerFile.put(file.getFileName().toString(), (long) rows);
        }
        Map<String, Long> counted = new TreeMap<>();
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(new FileSystemTableFactory(), new CsvFormatFactory()))
                .build()) {
            executor.executeDdl(
                    """
                    CREATE TABLE parts (f BIGINT, i BIGINT,
                      name STRING METADATA FROM 'file.name' VIRTUAL,
                      `path` STRING METADATA FROM 'file.path' VIRTUAL,
                      size BIGINT METADATA FROM 'file.size' VIRTUAL,
                      modified TIMESTAMP_LTZ(3) METADATA FROM 'file.modification-time' VIRTUAL)
                    WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv')
                    """
                            .formatted(dir));
            try (QueryResult result =
                    executor.executeStreamingSql("SELECT f, name, `path`, size, modified FROM parts")) {
                for (VectorSchemaRoot batch : result) {
                    var f = (BigIntVector) batch.getVector("f");
                    var name = (VarCharVector) batch.getVector("name");
                    var path = (VarCharVector) batch.getVector("path");
                    var size = (BigIntVector) batch.getVector("size");
                    var modified = (TimeStampVector) batch.getVector("modified");
                    for (int r = 0; r < batch.getRowCount(); r++) {
                        String file = new String(name.get(r), StandardCharsets.UTF_8);
                        assertEquals("part-" + f.get(r) + ".csv", file);
                        Path p = dir.resolve(file);
                        assertEquals(p.toString(), new String(path.get(r), StandardCharsets.UTF_8));
                        assertEquals(Files.size(p), size.get(r));
                        assertEquals(1_700_000_000_000L + f.get(r) * 1000L, modified.get(r));
                        counted.merge(file, 1L, Long::sum);
                    }
                }
            }
            Exception unknown = assertThrows(Exception.class, () -> {
                executor.executeDdl(
                        """
                        CREATE TABLE typo (f BIGINT, i BIGINT, n STRING METADATA FROM 'filename')
                        WITH ('connector' = 'filesystem', 'path' = '%s', 'format' = 'csv')
                        """
                                .formatted(dir));
                try (QueryResult result = executor.executeStreamingSql("SELECT n FROM typo")) {
                    result.forEach(VectorSchemaRoot::getRowCount);
                }
            });
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("no metadata key 'filename'"));
            assertTrue(unknown.getMessage(), unknown.getMessage().contains("'file.name' (STRING)"));
        }
        assertEquals(rowsPerFile, counted);
    }
}
