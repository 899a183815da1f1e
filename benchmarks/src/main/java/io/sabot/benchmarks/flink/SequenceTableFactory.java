package io.sabot.benchmarks.flink;

import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink table connector {@code sabot-sequence}: one BIGINT column counting 0, 1, 2, … up to {@code end}
 * (inclusive), as fast as it is read: Flink's {@link NumberSequenceSource} (contiguous ranges, one split per subtask;
 * its checkpointed state is two numbers per split) mapped to rows. The same rows as Sabot's {@code datagen} with a
 * {@code sequence} column. It counts the rows it emits in {@link #emitted()} (the harness runs the MiniCluster in
 * this JVM), so that the checkpoint benchmark knows when every key is in state.
 */
public final class SequenceTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "sabot-sequence";

    static final ConfigOption<Long> END = ConfigOptions.key("end").longType().noDefaultValue();

    private static final LongAdder EMITTED = new LongAdder();

    /** Rows emitted by every sequence source in this JVM so far. */
    public static long emitted() {
        return EMITTED.sum();
    }

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(END);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        RowType rowType = (RowType) context.getPhysicalRowDataType().getLogicalType();
        if (rowType.getFieldCount() != 1 || rowType.getTypeAt(0).getTypeRoot() != LogicalTypeRoot.BIGINT) {
            throw new IllegalArgumentException(IDENTIFIER + " has one BIGINT column, not " + rowType);
        }
        return new TableSource(helper.getOptions().get(END), rowType);
    }

    /** The scan: insert-only. */
    static final class TableSource implements ScanTableSource {
        private final long end;
        private final RowType rowType;

        TableSource(long end, RowType rowType) {
            this.end = end;
            this.rowType = rowType;
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            return new DataStreamScanProvider() {
                @Override
                public DataStream<RowData> produceDataStream(ProviderContext provider, StreamExecutionEnvironment env) {
                    return env.fromSource(
                                    new NumberSequenceSource(0, end), WatermarkStrategy.noWatermarks(), IDENTIFIER)
                            .map(new ToRow())
                            .returns(InternalTypeInfo.of(rowType));
                }

                @Override
                public boolean isBounded() {
                    return false;
                }
            };
        }

        @Override
        public DynamicTableSource copy() {
            return new TableSource(end, rowType);
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }

    /** A number as a one-column row, counted. */
    static final class ToRow implements MapFunction<Long, RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData map(Long value) {
            EMITTED.increment();
            return GenericRowData.of(value);
        }
    }
}
