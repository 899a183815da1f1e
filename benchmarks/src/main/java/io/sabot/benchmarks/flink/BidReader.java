package io.sabot.benchmarks.flink;

import io.sabot.connector.nexmark.internal.AsciiString;
import io.sabot.connector.nexmark.internal.NexmarkConfig;
import io.sabot.connector.nexmark.internal.NexmarkGenerator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Generates the bids of its splits as fast as it is polled, a batch of rows per {@link #pollNext} call, never
 * blocking. Each row is a fresh {@link GenericRowData} (the runtime may hold on to it), text copied out of the
 * generator's reusable buffers.
 */
final class BidReader implements SourceReader<RowData, BidSplit> {

    private static final int ROWS_PER_POLL = 1024;

    private final SourceReaderContext context;
    private final NexmarkGenerator generator;
    private final NexmarkGenerator.Bid bid = new NexmarkGenerator.Bid();
    private final int[] fields;
    private final ArrayDeque<BidSplit> splits = new ArrayDeque<>();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;
    private BidSplit current;
    private long next;

    BidReader(SourceReaderContext context, long events, long eventRate, long baseTime, int[] fields) {
        this.context = context;
        this.generator = new NexmarkGenerator(config(events, eventRate, baseTime));
        this.fields = fields;
    }

    static NexmarkConfig config(long events, long eventRate, long baseTime) {
        return NexmarkConfig.builder()
                .baseTime(baseTime)
                .eventsPerSecond(eventRate)
                .maxEvents(events)
                .build();
    }

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RowData> output) {
        if (current == null) {
            current = splits.poll();
            if (current == null) {
                if (noMoreSplits) {
                    return InputStatus.END_OF_INPUT;
                }
                available = new CompletableFuture<>();
                return InputStatus.NOTHING_AVAILABLE;
            }
            next = current.next();
        }
        long end = current.end();
        int emitted = 0;
        long n = next;
        while (n < end && emitted < ROWS_PER_POLL) {
            if (generator.kind(n) == NexmarkGenerator.Kind.BID) {
                generator.bid(n, bid);
                output.collect(row());
                emitted++;
            }
            n = current.following(n);
        }
        next = n;
        NexmarkBidSource.EMITTED.add(emitted);
        if (n >= end) {
            current = null;
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private RowData row() {
        GenericRowData row = new GenericRowData(fields.length);
        for (int i = 0; i < fields.length; i++) {
            row.setField(i, field(fields[i]));
        }
        return row;
    }

    private Object field(int index) {
        switch (index) {
            case 0:
                return bid.auction;
            case 1:
                return bid.bidder;
            case 2:
                return bid.price;
            case 3:
                return text(bid.channel);
            case 4:
                return text(bid.url);
            case 5:
                return TimestampData.fromEpochMillis(bid.dateTime);
            case 6:
                return text(bid.extra);
            default:
                throw new IllegalArgumentException("no bid field " + index);
        }
    }

    private static StringData text(AsciiString s) {
        return StringData.fromBytes(Arrays.copyOf(s.bytes(), s.length()));
    }

    @Override
    public List<BidSplit> snapshotState(long checkpointId) {
        List<BidSplit> state = new ArrayList<>();
        if (current != null) {
            state.add(current.at(next));
        }
        state.addAll(splits);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (current != null || !splits.isEmpty() || noMoreSplits) {
            return CompletableFuture.completedFuture(null);
        }
        return available;
    }

    @Override
    public void addSplits(List<BidSplit> added) {
        splits.addAll(added);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {}
}
