package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.source.Boundedness;
import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plugin.VersionedSerializer;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;

/**
 * One scan of a filesystem table: where the files are, whether to keep watching for new ones, whether to skip a
 * header line. Immutable; shared by the enumerator and every reader.
 */
final class FileSource implements Source<FileSplit, FileEnumeratorState> {

    private final String tableName;
    private final Path root;
    private final Duration monitorInterval;
    private final boolean skipFirstLine;
    private final int maxRecordBytes;

    /**
     * @param monitorInterval how often to list the directory again, or null for a bounded source
     * @param maxRecordBytes the longest line accepted, without terminator ({@code source.record.max-size})
     */
    FileSource(String tableName, Path root, Duration monitorInterval, boolean skipFirstLine, int maxRecordBytes) {
        this.tableName = tableName;
        this.root = root.toAbsolutePath().normalize();
        this.monitorInterval = monitorInterval;
        this.skipFirstLine = skipFirstLine;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public Boundedness boundedness() {
        return monitorInterval == null ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<FileSplit, FileEnumeratorState> createEnumerator(SplitEnumeratorContext<FileSplit> context) {
        return new FileEnumerator(this, context, new FileEnumeratorState(List.of(), List.of(), false));
    }

    @Override
    public SplitEnumerator<FileSplit, FileEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<FileSplit> context, FileEnumeratorState state) {
        return new FileEnumerator(this, context, state);
    }

    @Override
    public SourceReader<FileSplit> createReader(SourceReaderContext context) {
        return new FileReader(this, context);
    }

    @Override
    public VersionedSerializer<FileSplit> splitSerializer() {
        return FileSerializers.SPLIT;
    }

    @Override
    public VersionedSerializer<FileEnumeratorState> enumeratorStateSerializer() {
        return FileSerializers.ENUMERATOR_STATE;
    }

    String tableName() {
        return tableName;
    }

    Path root() {
        return root;
    }

    Duration monitorInterval() {
        return monitorInterval;
    }

    boolean skipFirstLine() {
        return skipFirstLine;
    }

    int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * The files to read, sorted by path: the root itself when it is a file, else every regular file below it
     * (following symbolic links) whose name and folders' names start with neither {@code .} nor {@code _}, as
     * Flink: hidden files, in-progress and pending part files, {@code _SUCCESS} markers. Blocking: called on a
     * worker thread.
     *
     * @throws NoSuchFileException when the root does not exist
     */
    static List<String> listFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "no such file or directory");
        }
        if (!Files.isDirectory(root)) {
            return List.of(root.toString());
        }
        List<String> files = new ArrayList<>();
        Files.walkFileTree(
                root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                        return dir.equals(root) || !isHidden(dir)
                                ? FileVisitResult.CONTINUE
                                : FileVisitResult.SKIP_SUBTREE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile() && !isHidden(file)) {
                            files.add(file.toString());
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException || e instanceof FileSystemLoopException) {
                            return FileVisitResult.CONTINUE; // vanished while listing, or a link cycle
                        }
                        throw e;
                    }
                });
        Collections.sort(files);
        return files;
    }

    private static boolean isHidden(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") || name.startsWith("_");
    }
}
