package io.sabot.engine.internal.lookup;

import io.sabot.connector.spi.MetadataColumn;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.connector.spi.lookup.LookupContext;
import io.sabot.engine.internal.exec.TableContextImpl;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** The runtime's {@link LookupContext}: the dimension table's validated context, its key columns, an allocator. */
final class LookupContextImpl implements LookupContext {

    private final TableContextImpl table;
    private final List<Integer> keyColumns;
    private final BufferAllocator allocator;

    LookupContextImpl(TableContextImpl table, List<Integer> keyColumns, BufferAllocator allocator) {
        this.table = table;
        this.keyColumns = List.copyOf(keyColumns);
        this.allocator = allocator;
    }

    @Override
    public List<Integer> keyColumns() {
        return keyColumns;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public String tableName() {
        return table.tableName();
    }

    @Override
    public Schema schema() {
        return table.schema();
    }

    @Override
    public List<MetadataColumn> metadataColumns() {
        return List.of();
    }

    @Override
    public ValidatedOptions options() {
        return table.options();
    }

    @Override
    public int parallelism() {
        return table.parallelism();
    }

    @Override
    public RecordDecoder createDecoder(String formatKey) {
        return table.createDecoder(formatKey);
    }

    @Override
    public RecordEncoder createEncoder(String formatKey) {
        return table.createEncoder(formatKey);
    }

    @Override
    public RecordDecoder createDecoder(String formatKey, Schema projected) {
        return table.createDecoder(formatKey, projected);
    }

    @Override
    public RecordEncoder createEncoder(String formatKey, Schema projected) {
        return table.createEncoder(formatKey, projected);
    }

    @Override
    public List<Integer> primaryKey() {
        return table.primaryKey();
    }
}
