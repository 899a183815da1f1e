package io.sabot.connector.nexmark.internal;

import io.sabot.connector.spi.source.Boundedness;
import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plugin.VersionedSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One nexmark table scan: the generator configuration (with the base time of fresh splits), the table's columns and
 * the pacing. Immutable; shared by the enumerator and every reader.
 */
final class NexmarkSource implements Source<NexmarkSplit, NexmarkEnumeratorState> {

    private final Schema schema;
    private final TablePlan plan;
    private final NexmarkConfig config;
    private final boolean maxEmitSpeed;

    NexmarkSource(Schema schema, TablePlan plan, NexmarkConfig config, boolean maxEmitSpeed) {
        this.schema = schema;
        this.plan = plan;
        this.config = config;
        this.maxEmitSpeed = maxEmitSpeed;
    }

    @Override
    public Boundedness boundedness() {
        return config.maxEvents() == NexmarkConfig.UNBOUNDED ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> createEnumerator(
            SplitEnumeratorContext<NexmarkSplit> context) {
        return new NexmarkEnumerator(
                context,
                NexmarkEnumerator.initialSplits(
                        context.parallelism(), config.totalProportion(), config.maxEvents(), config.baseTime()));
    }

    @Override
    public SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<NexmarkSplit> context, NexmarkEnumeratorState state) {
        return new NexmarkEnumerator(context, state.unassigned());
    }

    @Override
    public SourceReader<NexmarkSplit> createReader(SourceReaderContext context) {
        return new NexmarkReader(this, context);
    }

    @Override
    public VersionedSerializer<NexmarkSplit> splitSerializer() {
        return NexmarkSerializers.SPLIT;
    }

    @Override
    public VersionedSerializer<NexmarkEnumeratorState> enumeratorStateSerializer() {
        return NexmarkSerializers.ENUMERATOR_STATE;
    }

    Schema schema() {
        return schema;
    }

    TablePlan plan() {
        return plan;
    }

    NexmarkConfig config() {
        return config;
    }

    boolean maxEmitSpeed() {
        return maxEmitSpeed;
    }
}
