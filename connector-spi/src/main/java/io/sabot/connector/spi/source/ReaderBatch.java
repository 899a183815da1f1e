package io.sabot.connector.spi.source;

import io.sabot.connector.spi.MetadataColumn;
import io.sabot.connector.spi.TableContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The batch a reader fills and emits: {@link #physical()} holds the table's physical columns, which a format decodes
 * into, and {@link #emitted()} the same vectors followed by one vector per {@linkplain
 * TableContext#metadataColumns() metadata column}, which the reader fills itself. Without metadata columns both are
 * one root. Reused from batch to batch; owned by one reader.
 *
 * @since 1.2
 */
public final class ReaderBatch implements AutoCloseable {

    private final VectorSchemaRoot physical;
    private final VectorSchemaRoot emitted;
    private final List<FieldVector> metadata;

    /** Vectors for {@code table}'s columns in {@code allocator}. */
    public ReaderBatch(TableContext table, BufferAllocator allocator) {
        physical = VectorSchemaRoot.create(table.schema(), allocator);
        List<MetadataColumn> columns = table.metadataColumns();
        if (columns.isEmpty()) {
            metadata = List.of();
            emitted = physical;
            return;
        }
        List<Field> fields = new ArrayList<>(physical.getSchema().getFields());
        List<FieldVector> vectors = new ArrayList<>(physical.getFieldVectors());
        metadata = new ArrayList<>(columns.size());
        for (MetadataColumn column : columns) {
            FieldVector v = column.field().createVector(allocator);
            metadata.add(v);
            fields.add(column.field());
            vectors.add(v);
        }
        emitted = new VectorSchemaRoot(fields, vectors);
    }

    /** The physical columns: what a {@link io.sabot.connector.spi.format.RecordDecoder} fills. */
    public VectorSchemaRoot physical() {
        return physical;
    }

    /** What the reader emits: the physical columns, then the metadata columns. */
    public VectorSchemaRoot emitted() {
        return emitted;
    }

    public boolean hasMetadata() {
        return !metadata.isEmpty();
    }

    /**
     * The vectors of the metadata columns, in the order of {@link TableContext#metadataColumns()}, each with room for
     * {@code rows} values (variable-width ones grow with {@code setSafe}).
     */
    public List<FieldVector> metadata(int rows) {
        for (FieldVector v : metadata) {
            if (v instanceof BaseFixedWidthVector f && f.getValueCapacity() < rows) {
                f.setInitialCapacity(rows);
                f.allocateNew();
            } else if (v instanceof BaseVariableWidthVector s && s.getValueCapacity() < rows) {
                s.setInitialCapacity(rows);
                s.allocateNew();
            }
        }
        return metadata;
    }

    /**
     * Readies the batch for emission with the physical rows the decoder appended: sets the metadata vectors' value
     * count and the emitted row count.
     */
    public VectorSchemaRoot emit() {
        int rows = physical.getRowCount();
        if (emitted != physical) {
            metadata.forEach(v -> v.setValueCount(rows));
            emitted.setRowCount(rows);
        }
        return emitted;
    }

    /** Starts the next batch empty (the runtime took the buffers of the emitted one). */
    public void clear() {
        physical.setRowCount(0);
        emitted.setRowCount(0);
    }

    @Override
    public void close() {
        physical.close();
        metadata.forEach(FieldVector::close);
    }
}
