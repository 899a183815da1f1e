package io.sabot.connector.datagen.internal;

import io.sabot.connector.spi.source.Boundedness;
import io.sabot.connector.spi.source.Source;
import io.sabot.connector.spi.source.SourceReader;
import io.sabot.connector.spi.source.SourceReaderContext;
import io.sabot.connector.spi.source.SplitEnumerator;
import io.sabot.connector.spi.source.SplitEnumeratorContext;
import io.sabot.plugin.VersionedSerializer;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One datagen table scan: the planned column generators, the row bound and rate, and the seed for fresh splits.
 * Immutable; shared by the enumerator and every reader.
 */
final class DatagenSource implements Source<DatagenSplit, DatagenEnumeratorState> {

    private final Schema schema;
    private final List<FieldGenerator> generators;
    private final long totalRows;
    private final long rowsPerSecond;
    private final long seed;

    /**
     * @param totalRows the number of rows, or -1 for an unbounded source
     * @param seed the seed of splits created by a fresh enumerator
     */
    DatagenSource(Schema schema, List<FieldGenerator> generators, long totalRows, long rowsPerSecond, long seed) {
        this.schema = schema;
        this.generators = List.copyOf(generators);
        this.totalRows = totalRows;
        this.rowsPerSecond = rowsPerSecond;
        this.seed = seed;
    }

    @Override
    public Boundedness boundedness() {
        return totalRows < 0 ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<DatagenSplit, DatagenEnumeratorState> createEnumerator(
            SplitEnumeratorContext<DatagenSplit> context) {
        return new DatagenEnumerator(context, DatagenEnumerator.initialSplits(seed, totalRows, context.parallelism()));
    }

    @Override
    public SplitEnumerator<DatagenSplit, DatagenEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<DatagenSplit> context, DatagenEnumeratorState state) {
        return new DatagenEnumerator(context, state.unassigned());
    }

    @Override
    public SourceReader<DatagenSplit> createReader(SourceReaderContext context) {
        return new DatagenReader(this, context);
    }

    @Override
    public VersionedSerializer<DatagenSplit> splitSerializer() {
        return DatagenSerializers.SPLIT;
    }

    @Override
    public VersionedSerializer<DatagenEnumeratorState> enumeratorStateSerializer() {
        return DatagenSerializers.ENUMERATOR_STATE;
    }

    Schema schema() {
        return schema;
    }

    List<FieldGenerator> generators() {
        return generators;
    }

    long totalRows() {
        return totalRows;
    }

    long rowsPerSecond() {
        return rowsPerSecond;
    }

    long seed() {
        return seed;
    }
}
