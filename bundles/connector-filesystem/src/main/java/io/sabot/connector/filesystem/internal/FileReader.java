package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeFailures;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.source.BatchOutput;
import io.sabot.connector.spi.source.InputStatus;
import io.sabot.connector.spi.source.ReaderBatch;
import io.sabot.connector.spi.source.RecordSizeLimit;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.plugin.PluginException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads the lines of the files assigned to one subtask, one file after the other, and emits them decoded as Arrow
 * batches. The task thread never waits for the disk: reads are asynchronous ({@link AsynchronousFileChannel}, whose
 * JDK thread pool does the blocking), a chunk of at most {@value #CHUNK} bytes at a time into a buffer that
 * holds two chunks, and the next chunk is read ahead while the task decodes the current one. {@link #pollNext}
 * cuts the lines of what is there (handling {@code \n} and {@code \r\n}, lines across chunks, a last line without
 * terminator), decodes at most one batch and emits it.
 *
 * <p>The position recorded for a checkpoint is the byte offset and number of the first line not yet emitted, so a
 * restored split continues exactly after the last emitted batch.
 */
final class FileReader implements SourceReader<FileSplit> {

    /** The most read from disk at once. */
    static final int CHUNK = 1 << 20;

    private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);
    private static final CompletionHandler<Integer, CompletableFuture<Integer>> READ_DONE = new CompletionHandler<>() {
        @Override
        public void completed(Integer bytes, CompletableFuture<Integer> future) {
            future.complete(bytes);
        }

        @Override
        public void failed(Throwable failure, CompletableFuture<Integer> future) {
            future.completeExceptionally(failure);
        }
    };

    private static final int EMITTED = 0;
    private static final int NEED_DATA = 1;
    private static final int SPLIT_DONE = 2;
    private static final int SKIPPED_HEADER = 3;

    private final FileSource source;
    private final SourceReaderContext context;
    private final int batchSize;
    private final ArrayDeque<FileSplit> queue = new ArrayDeque<>();
    private final DecodeFailures failures;

    private boolean noMoreSplits;
    private boolean splitRequested;
    private CompletableFuture<Void> splitsArrived = new CompletableFuture<>();
    private CompletableFuture<Void> available = AVAILABLE;

    private RecordDecoder decoder;
    /** The physical columns the format decodes into, and the metadata columns this reader fills. */
    private ReaderBatch out;

    private FileMetadata metadata;
    private BinaryRecords records;

    // the split being read
    private FileSplit split;
    private AsynchronousFileChannel channel;
    private byte[] buffer;
    /** File offset of {@code buffer[0]}. */
    private long bufferStart;
    /** Start of the first line not emitted; {@code [pos, limit)} is read but not emitted. */
    private int pos;

    private int limit;
    /** Number of the line at {@link #pos}. */
    private long line;

    private boolean eof;
    private boolean skipLine;
    private boolean checkBom;
    /** The read in flight, or null; it writes only to {@code buffer[limit, …)}. */
    private CompletableFuture<Integer> read;

    FileReader(FileSource source, SourceReaderContext context) {
        this.source = source;
        this.context = context;
        this.batchSize = Math.max(1, context.batchSize());
        this.failures = new DecodeFailures("line", "line", context.recordFailurePolicy());
    }

    @Override
    public void start() {
        decoder = context.table().createDecoder("format");
        records = new BinaryRecords(Math.min(batchSize, 1 << 16));
        out = new ReaderBatch(context.table(), context.allocator());
        metadata = new FileMetadata(context.table().metadataColumns());
    }

    @Override
    public InputStatus pollNext(BatchOutput output) throws Exception {
        for (int step = 0; step < 8; step++) {
            if (split == null && !openNextSplit()) {
                return waitForSplits();
            }
            if (read != null && read.isDone()) {
                completeRead();
            }
            // lines already in the buffer are emitted while the next chunk is still being read behind them
            switch (cutAndEmit(output)) {
                case EMITTED:
                    if (read == null && !eof && buffer.length - limit >= CHUNK / 2) {
                        startRead(); // read ahead while the task works on this chunk
                    }
                    failures.throwIfAny("table '" + source.tableName() + "', file '" + split.path() + "'");
                    available = AVAILABLE;
                    return InputStatus.MORE_AVAILABLE;
                case NEED_DATA:
                    if (read != null) {
                        available = read.thenApply(bytes -> null);
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    startRead();
                    break;
                case SPLIT_DONE:
                    finishSplit();
                    break;
                default: // a header skipped: go on
            }
        }
        available = AVAILABLE;
        return InputStatus.MORE_AVAILABLE;
    }

    private boolean openNextSplit() throws IOException {
        FileSplit next = queue.poll();
        if (next == null) {
            return false;
        }
        try {
            channel = AsynchronousFileChannel.open(Path.of(next.path()), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new PluginException(
                    "table '" + source.tableName() + "': file '" + next.path() + "' vanished before it was read",
                    e,
                    false);
        }
        if (buffer == null) {
            buffer = new byte[2 * CHUNK];
        }
        try {
            metadata.open(next.path());
        } catch (IOException e) {
            closeChannel();
            throw new PluginException(
                    "table '" + source.tableName() + "': cannot read the attributes of file '" + next.path() + "'",
                    e,
                    false);
        }
        split = next;
        bufferStart = next.offset();
        pos = 0;
        limit = 0;
        line = next.line();
        eof = false;
        read = null;
        skipLine = source.skipFirstLine() && next.offset() == 0;
        checkBom = next.offset() == 0;
        return true;
    }

    private InputStatus waitForSplits() {
        if (noMoreSplits) {
            available = AVAILABLE;
            return InputStatus.END_OF_INPUT;
        }
        requestSplit();
        if (splitsArrived.isDone()) {
            splitsArrived = new CompletableFuture<>();
        }
        available = splitsArrived;
        return InputStatus.NOTHING_AVAILABLE;
    }

    private void requestSplit() {
        if (!splitRequested && !noMoreSplits) {
            splitRequested = true;
            context.sendSplitRequest();
        }
    }

    /** Starts reading the next chunk at {@code limit}, first making room by moving the unread tail to the front. */
    private void startRead() {
        if (pos > 0 && buffer.length - limit < CHUNK / 2) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            bufferStart += pos;
            limit -= pos;
            pos = 0;
        }
        if (buffer.length - limit < CHUNK / 2) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2); // one line longer than the buffer
        }
        CompletableFuture<Integer> future = new CompletableFuture<>();
        read = future;
        channel.read(
                ByteBuffer.wrap(buffer, limit, Math.min(CHUNK, buffer.length - limit)),
                bufferStart + limit,
                future,
                READ_DONE);
    }

    private void completeRead() {
        CompletableFuture<Integer> done = read;
        read = null;
        int bytes;
        try {
            bytes = done.join();
        } catch (CompletionException e) {
            throw new PluginException(
                    "table '" + source.tableName() + "': cannot read file '" + split.path() + "' at byte "
                            + (bufferStart + limit) + ": " + e.getCause(),
                    e.getCause(),
                    true);
        }
        if (bytes < 0) {
            eof = true;
        } else {
            limit += bytes;
        }
    }

    /** Cuts the complete lines in the buffer into one batch, decodes and emits it. */
    private int cutAndEmit(BatchOutput output) {
        if (checkBom) {
            if (limit - pos < 3 && !eof) {
                return NEED_DATA;
            }
            checkBom = false;
            if (limit - pos >= 3
                    && buffer[pos] == (byte) 0xEF
                    && buffer[pos + 1] == (byte) 0xBB
                    && buffer[pos + 2] == (byte) 0xBF) {
                pos += 3; // a UTF-8 byte order mark is no data
            }
        }
        byte[] b = buffer;
        int p = pos;
        long number = line;
        int end = limit;
        BinaryRecords batch = records;
        batch.clear();
        int max = source.maxRecordBytes();
        boolean oversize = false;
        while (batch.count() < batchSize) {
            int newline = p;
            while (newline < end && b[newline] != '\n') {
                newline++;
            }
            int lineEnd;
            int next;
            if (newline < end) {
                lineEnd = newline;
                next = newline + 1;
            } else if (eof && p < end) {
                lineEnd = end; // the last line, without terminator
                next = end;
            } else {
                break;
            }
            if (lineEnd > p && b[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (skipLine) {
                skipLine = false;
            } else if (lineEnd - p > max) {
                if (batch.count() > 0) {
                    break; // the lines before it first: an oversize line is reported in a batch of its own
                }
                batch.add(b, p, lineEnd - p, number);
                oversize = true;
                number++;
                p = next;
                break;
            } else {
                batch.add(b, p, lineEnd - p, number);
            }
            number++;
            p = next;
        }
        if (batch.count() == 0) {
            if (p != pos) {
                pos = p;
                line = number;
                return SKIPPED_HEADER;
            }
            return eof ? SPLIT_DONE : NEED_DATA;
        }
        failures.reset(batch, split.splitId());
        if (oversize) {
            failures.onError(0, RecordSizeLimit.message(batch.length(0), max));
            pos = p;
            line = number;
            return EMITTED;
        }
        decoder.decode(batch, out.physical(), failures);
        int rows = out.physical().getRowCount();
        if (rows > 0) {
            if (out.hasMetadata()) {
                metadata.write(out.metadata(rows), rows);
            }
            output.emit(split.splitId(), out.emit());
            out.clear(); // the runtime took the buffers; make sure the next batch starts empty
        }
        pos = p;
        line = number;
        return EMITTED;
    }

    private void finishSplit() {
        closeChannel();
        split = null;
        if (queue.isEmpty()) {
            requestSplit();
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<FileSplit> splits) {
        queue.addAll(splits);
        splitRequested = false;
        splitsArrived.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        splitsArrived.complete(null);
    }

    @Override
    public List<FileSplit> snapshotState(long checkpointId) {
        List<FileSplit> state = new ArrayList<>(queue.size() + 1);
        if (split != null) {
            state.add(new FileSplit(split.path(), bufferStart + pos, line));
        }
        state.addAll(queue);
        return state;
    }

    @Override
    public void close() {
        closeChannel();
        split = null;
        queue.clear();
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close(); // a read in flight fails with AsynchronousCloseException, and is dropped
            } catch (IOException e) {
                // nothing was written; nothing to lose
            }
            channel = null;
        }
        read = null;
    }
}
