package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.MetadataColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The metadata columns of a file table, with Flink's keys: {@code file.path}, {@code file.name}, {@code file.size}
 * and {@code file.modification-time}. Each is the same for every row of a file, so the reader looks them up once
 * when it opens a split and fills each batch's columns with the file's values.
 *
 * <p>Task thread only.
 */
final class FileMetadata {

    static final Map<String, ArrowType> READABLE = readable();

    private static Map<String, ArrowType> readable() {
        Map<String, ArrowType> m = new LinkedHashMap<>();
        m.put("file.path", ArrowType.Utf8.INSTANCE);
        m.put("file.name", ArrowType.Utf8.INSTANCE);
        m.put("file.size", new ArrowType.Int(64, true));
        m.put("file.modification-time", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private final String[] keys;
    private byte[] path;
    private byte[] name;
    private long size;
    private long modified;

    FileMetadata(List<MetadataColumn> columns) {
        keys = columns.stream().map(MetadataColumn::key).toArray(String[]::new);
    }

    boolean isEmpty() {
        return keys.length == 0;
    }

    /** Looks up the file of the split about to be read. */
    void open(String file) throws IOException {
        if (isEmpty()) {
            return;
        }
        Path p = Path.of(file);
        BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
        path = file.getBytes(StandardCharsets.UTF_8);
        Path fileName = p.getFileName();
        name = (fileName == null ? file : fileName.toString()).getBytes(StandardCharsets.UTF_8);
        size = attributes.size();
        modified = attributes.lastModifiedTime().toMillis();
    }

    /** Fills rows {@code 0..rows-1} of the batch's metadata vectors (with room for the rows). */
    void write(List<FieldVector> vectors, int rows) {
        for (int c = 0; c < keys.length; c++) {
            FieldVector v = vectors.get(c);
            switch (keys[c]) {
                case "file.path" -> fill((VarCharVector) v, rows, path);
                case "file.name" -> fill((VarCharVector) v, rows, name);
                case "file.size" -> {
                    BigIntVector b = (BigIntVector) v;
                    for (int i = 0; i < rows; i++) {
                        b.set(i, size);
                    }
                }
                case "file.modification-time" -> {
                    TimeStampVector t = (TimeStampVector) v;
                    for (int i = 0; i < rows; i++) {
                        t.set(i, modified);
                    }
                }
                default -> throw new IllegalStateException("unknown file metadata key '" + keys[c] + "'");
            }
        }
    }

    private static void fill(VarCharVector v, int rows, byte[] value) {
        for (int i = 0; i < rows; i++) {
            v.setSafe(i, value);
        }
    }
}
