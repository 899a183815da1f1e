package io.sabot.engine.internal.batch;

import io.sabot.connector.spi.sink.RowKind;
import io.sabot.plan.RowType;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Batch plumbing: schemas with the row-kind column, buffer transfers, and row gathers between Arrow vectors. */
public final class Batches {

    private Batches() {}

    /** The {@code $row_kind} field of changelog batches. */
    public static final Field ROW_KIND_FIELD =
            new Field(RowKind.COLUMN_NAME, new FieldType(false, new ArrowType.Int(8, true), null), null);

    /** The schema of a node's batches: its columns, plus {@code $row_kind} for a changelog. */
    public static Schema schema(RowType rowType, boolean changelog) {
        Schema base = rowType.toArrowSchema();
        if (!changelog) {
            return base;
        }
        List<Field> fields = new ArrayList<>(base.getFields());
        fields.add(ROW_KIND_FIELD);
        return new Schema(fields);
    }

    /**
     * Moves the buffers of {@code source} into a new root of {@code schema} (same column types, names may differ)
     * owned by {@code allocator}; {@code source} is left empty. No data is copied.
     */
    public static VectorSchemaRoot transfer(VectorSchemaRoot source, Schema schema, BufferAllocator allocator) {
        VectorSchemaRoot target = VectorSchemaRoot.create(schema, allocator);
        try {
            int n = source.getRowCount();
            for (int c = 0; c < schema.getFields().size(); c++) {
                source.getVector(c).makeTransferPair(target.getVector(c)).transfer();
            }
            target.setRowCount(n);
            source.setRowCount(0);
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** A new root with rows {@code sel[0…n)} of {@code source}, copied. */
    public static VectorSchemaRoot gather(VectorSchemaRoot source, int[] sel, int n, BufferAllocator allocator) {
        VectorSchemaRoot target = VectorSchemaRoot.create(source.getSchema(), allocator);
        try {
            for (int c = 0; c < source.getFieldVectors().size(); c++) {
                gather(source.getVector(c), sel, n, target.getVector(c));
            }
            target.setRowCount(n);
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** A new root with rows {@code from … from+count} of {@code source}, copied. */
    public static VectorSchemaRoot slice(VectorSchemaRoot source, int from, int count, BufferAllocator allocator) {
        int[] sel = new int[count];
        for (int i = 0; i < count; i++) {
            sel[i] = from + i;
        }
        return gather(source, sel, count, allocator);
    }

    /** A full copy of {@code source}. */
    public static VectorSchemaRoot copy(VectorSchemaRoot source, BufferAllocator allocator) {
        return slice(source, 0, source.getRowCount(), allocator);
    }

    /** Copies rows {@code sel[0…n)} of {@code from} into the (empty) vector {@code to} of the same type. */
    public static void gather(FieldVector from, int[] sel, int n, FieldVector to) {
        if (from instanceof NullVector) {
            ((NullVector) to).setValueCount(n);
            return;
        }
        if (from instanceof BitVector src) {
            BitVector dst = (BitVector) to;
            dst.allocateNew(n);
            ArrowBuf sd = src.getDataBuffer();
            ArrowBuf dd = dst.getDataBuffer();
            for (int i = 0; i < n; i++) {
                if (BitVectorHelper.get(sd, sel[i]) != 0) {
                    BitVectorHelper.setBit(dd, i);
                }
            }
            copyValidity(src, sel, n, dst);
            dst.setValueCount(n);
            return;
        }
        if (from instanceof BaseFixedWidthVector src) {
            BaseFixedWidthVector dst = (BaseFixedWidthVector) to;
            dst.allocateNew(n);
            ArrowBuf sd = src.getDataBuffer();
            ArrowBuf dd = dst.getDataBuffer();
            int width = src.getTypeWidth();
            switch (width) {
                case 1 -> {
                    for (int i = 0; i < n; i++) {
                        dd.setByte(i, sd.getByte(sel[i]));
                    }
                }
                case 2 -> {
                    for (int i = 0; i < n; i++) {
                        dd.setShort((long) i << 1, sd.getShort((long) sel[i] << 1));
                    }
                }
                case 4 -> {
                    for (int i = 0; i < n; i++) {
                        dd.setInt((long) i << 2, sd.getInt((long) sel[i] << 2));
                    }
                }
                case 8 -> {
                    for (int i = 0; i < n; i++) {
                        dd.setLong((long) i << 3, sd.getLong((long) sel[i] << 3));
                    }
                }
                case 16 -> {
                    for (int i = 0; i < n; i++) {
                        dd.setLong((long) i << 4, sd.getLong((long) sel[i] << 4));
                        dd.setLong(((long) i << 4) + 8, sd.getLong(((long) sel[i] << 4) + 8));
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        dd.setBytes((long) i * width, sd, (long) sel[i] * width, width);
                    }
                }
            }
            copyValidity(src, sel, n, dst);
            dst.setValueCount(n);
            return;
        }
        if (from instanceof BaseVariableWidthVector src) {
            BaseVariableWidthVector dst = (BaseVariableWidthVector) to;
            ArrowBuf so = src.getOffsetBuffer();
            long total = 0;
            for (int i = 0; i < n; i++) {
                total += so.getInt(((long) sel[i] + 1) << 2) - so.getInt((long) sel[i] << 2);
            }
            dst.allocateNew(Math.max(1, total), n);
            ArrowBuf sd = src.getDataBuffer();
            ArrowBuf dd = dst.getDataBuffer();
            ArrowBuf doff = dst.getOffsetBuffer();
            int at = 0;
            doff.setInt(0, 0);
            for (int i = 0; i < n; i++) {
                int start = so.getInt((long) sel[i] << 2);
                int len = so.getInt(((long) sel[i] + 1) << 2) - start;
                if (len > 0) {
                    dd.setBytes(at, sd, start, len);
                }
                at += len;
                doff.setInt(((long) i + 1) << 2, at);
            }
            copyValidity(src, sel, n, dst);
            dst.setLastSet(n - 1);
            dst.setValueCount(n);
            return;
        }
        throw new IllegalStateException(
                "cannot copy vectors of type " + from.getField().getType());
    }

    private static void copyValidity(FieldVector src, int[] sel, int n, FieldVector dst) {
        ArrowBuf sv = src.getValidityBuffer();
        ArrowBuf dv = dst.getValidityBuffer();
        if (src.getNullCount() == 0) {
            for (int i = 0; i < n; i++) {
                BitVectorHelper.setBit(dv, i);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            if (BitVectorHelper.get(sv, sel[i]) != 0) {
                BitVectorHelper.setBit(dv, i);
            } else {
                BitVectorHelper.unsetBit(dv, i);
            }
        }
    }

    /** Fills a row-kind vector with {@code n} copies of {@code kind}. */
    public static void fillRowKind(TinyIntVector vector, int n, RowKind kind) {
        vector.allocateNew(n);
        for (int i = 0; i < n; i++) {
            vector.set(i, kind.code());
        }
        vector.setValueCount(n);
    }

    /** The row kinds of a changelog batch (its last column), or null for an insert-only batch. */
    public static TinyIntVector rowKinds(VectorSchemaRoot batch, boolean changelog) {
        return changelog
                ? (TinyIntVector) batch.getVector(batch.getFieldVectors().size() - 1)
                : null;
    }
}
