package io.sabot.benchmarks.flink;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.RowType;

/**
 * Flink table connector {@code sabot-nexmark-bid}: a bid table over {@link NexmarkBidSource}, with the nexmark
 * connector's option names ({@code events.num}, {@code first-event.rate}, {@code base-time} in epoch milliseconds).
 * Its columns must be named like the bid fields; any subset, in any order. Like Sabot's {@code nexmark} connector
 * (and nexmark-flink's), it fills every declared column: it takes no projection push-down.
 */
public final class NexmarkBidTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "sabot-nexmark-bid";

    static final ConfigOption<Long> EVENTS =
            ConfigOptions.key("events.num").longType().noDefaultValue();
    static final ConfigOption<Long> RATE =
            ConfigOptions.key("first-event.rate").longType().defaultValue(10_000L);
    static final ConfigOption<Long> BASE_TIME =
            ConfigOptions.key("base-time").longType().defaultValue(0L);

    /** The bid fields in table order. */
    static final java.util.List<String> FIELDS =
            java.util.List.of("auction", "bidder", "price", "channel", "url", "datetime", "extra");

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(EVENTS);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(RATE, BASE_TIME);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        DataType physical = context.getPhysicalRowDataType();
        RowType rowType = (RowType) physical.getLogicalType();
        int[] fields = new int[rowType.getFieldCount()];
        for (int i = 0; i < fields.length; i++) {
            String name = rowType.getFieldNames().get(i).toLowerCase(java.util.Locale.ROOT);
            fields[i] = FIELDS.indexOf(name);
            if (fields[i] < 0) {
                throw new IllegalArgumentException("column " + name + " is no bid field " + FIELDS);
            }
        }
        return new TableSource(options.get(EVENTS), options.get(RATE), options.get(BASE_TIME), fields);
    }

    /** The scan: bounded, insert-only. */
    static final class TableSource implements ScanTableSource {
        private final long events;
        private final long rate;
        private final long baseTime;
        private final int[] fields;

        TableSource(long events, long rate, long baseTime, int[] fields) {
            this.events = events;
            this.rate = rate;
            this.baseTime = baseTime;
            this.fields = fields;
        }

        @Override
        public ChangelogMode getChangelogMode() {
            return ChangelogMode.insertOnly();
        }

        @Override
        public ScanRuntimeProvider getScanRuntimeProvider(ScanContext context) {
            return SourceProvider.of(new NexmarkBidSource(events, rate, baseTime, fields));
        }

        @Override
        public DynamicTableSource copy() {
            return new TableSource(events, rate, baseTime, fields.clone());
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }
}
