package io.sabot.engine;

import io.sabot.connector.spi.lookup.LookupCache;
import io.sabot.connector.spi.lookup.LookupContext;
import io.sabot.connector.spi.lookup.LookupKeys;
import io.sabot.connector.spi.lookup.LookupLoadOutput;
import io.sabot.connector.spi.lookup.LookupOptions;
import io.sabot.connector.spi.lookup.LookupResult;
import io.sabot.connector.spi.lookup.LookupSource;
import io.sabot.connector.spi.lookup.LookupSourceFactory;
import io.sabot.plan.RowType;
import io.sabot.plugin.OptionDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/**
 * A test-only dimension store on the real lookup SPI: a table of rows registered under a name, looked up by
 * comparing key values, with counters of calls, keys and loads, and keys that fail a number of times (retriable or
 * not) as a flaky store would. Supports every cache.
 */
final class TestLookupFactory implements LookupSourceFactory {

    static final OptionDescriptor<String> DATASET =
            OptionDescriptor.key("dataset").stringType().required().description("registered table name");

    /** A registered table: its rows, and what its store does. */
    static final class Table {
        final RowType type;
        volatile List<Object[]> rows;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong keys = new AtomicLong();
        final AtomicLong loads = new AtomicLong();
        /** Key value (first key column) -> failures left (-1: for ever). */
        final Map<Object, AtomicInteger> failing = new ConcurrentHashMap<>();

        volatile boolean retriable = true;

        Table(RowType type, List<Object[]> rows) {
            this.type = type;
            this.rows = rows;
        }

        /** Lookups of {@code key} fail {@code times} times (-1: always). */
        Table failing(Object key, int times, boolean isRetriable) {
            failing.put(key, new AtomicInteger(times));
            retriable = isRetriable;
            return this;
        }
    }

    private static final Map<String, Table> TABLES = new ConcurrentHashMap<>();

    static Table register(String name, RowType type, List<Object[]> rows) {
        Table table = new Table(type, rows);
        TABLES.put(name, table);
        return table;
    }

    @Override
    public String identifier() {
        return "test-lookup";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        List<OptionDescriptor<?>> options = new ArrayList<>(List.of(DATASET));
        options.addAll(LookupOptions.ALL);
        return options;
    }

    @Override
    public Set<LookupCache> supportedCaches() {
        return EnumSet.allOf(LookupCache.class);
    }

    @Override
    public LookupSource createLookupSource(LookupContext context) {
        Table table = Objects.requireNonNull(TABLES.get(context.options().get(DATASET)), "no such dataset");
        List<Integer> keyColumns = context.keyColumns();
        return new LookupSource() {
            @Override
            public void lookup(LookupKeys keys, LookupResult result) throws Exception {
                table.calls.incrementAndGet();
                table.keys.addAndGet(keys.rowCount());
                for (int i = 0; i < keys.rowCount(); i++) {
                    AtomicInteger left = table.failing.get(value(keys.column(0), i));
                    if (left != null && left.getAndUpdate(v -> v > 0 ? v - 1 : v) != 0) {
                        if (table.retriable) {
                            throw new IOException("store unavailable for key " + value(keys.column(0), i));
                        }
                        throw new IllegalStateException("store broken for key " + value(keys.column(0), i));
                    }
                }
                List<Object[]> found = new ArrayList<>();
                List<Integer> foundKeys = new ArrayList<>();
                for (int i = 0; i < keys.rowCount(); i++) {
                    for (Object[] row : table.rows) {
                        boolean match = true;
                        for (int k = 0; k < keyColumns.size() && match; k++) {
                            match = Objects.equals(row[keyColumns.get(k)], value(keys.column(k), i));
                        }
                        if (match) {
                            found.add(row);
                            foundKeys.add(i);
                        }
                    }
                }
                append(result.rows(), found);
                int first = result.rows().getRowCount() - found.size();
                for (int j = 0; j < found.size(); j++) {
                    result.match(foundKeys.get(j), first + j);
                }
            }

            @Override
            public void loadAll(LookupLoadOutput output) {
                table.loads.incrementAndGet();
                try (VectorSchemaRoot root = VectorSchemaRoot.create(context.schema(), context.allocator())) {
                    TestRows.fill(root, table.type, table.rows);
                    output.emit(root);
                }
            }

            /** Appends rows after the root's rows, as a decoder would. */
            private void append(VectorSchemaRoot root, List<Object[]> rows) {
                if (rows.isEmpty()) {
                    return;
                }
                try (VectorSchemaRoot tail = VectorSchemaRoot.create(context.schema(), context.allocator())) {
                    TestRows.fill(tail, table.type, rows);
                    int at = root.getRowCount();
                    for (int c = 0; c < root.getFieldVectors().size(); c++) {
                        FieldVector to = root.getVector(c);
                        for (int r = 0; r < rows.size(); r++) {
                            to.copyFromSafe(r, at + r, tail.getVector(c));
                        }
                        to.setValueCount(at + rows.size());
                    }
                    root.setRowCount(at + rows.size());
                }
            }

            @Override
            public void close() {}
        };
    }

    private static Object value(FieldVector vector, int i) {
        Object value = vector.getObject(i);
        return value instanceof Text text ? text.toString() : value;
    }
}
