package io.sabot.engine;

import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.plan.RowType;
import io.sabot.plan.TypeKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Rows as Java values (the plan's literal representation) to and from Arrow batches, for tests. */
final class TestRows {

    private TestRows() {}

    /** Appends {@code rows} to {@code root} (which must be empty), one value per column. */
    static void fill(VectorSchemaRoot root, RowType type, List<Object[]> rows) {
        int n = rows.size();
        for (int c = 0; c < type.size(); c++) {
            FieldVector v = root.getVector(c);
            v.setInitialCapacity(n);
            v.allocateNew();
            TypeKind kind = type.type(c).kind();
            for (int r = 0; r < n; r++) {
                Object value = rows.get(r)[c];
                if (value == null) {
                    v.setNull(r);
                    continue;
                }
                switch (kind) {
                    case BOOLEAN -> ((BitVector) v).setSafe(r, (Boolean) value ? 1 : 0);
                    case TINYINT -> ((TinyIntVector) v).setSafe(r, ((Number) value).byteValue());
                    case SMALLINT -> ((SmallIntVector) v).setSafe(r, ((Number) value).shortValue());
                    case INTEGER, INTERVAL_YEAR_MONTH -> ((IntVector) v).setSafe(r, ((Number) value).intValue());
                    case BIGINT, INTERVAL_DAY_TIME -> ((BigIntVector) v).setSafe(r, ((Number) value).longValue());
                    case DATE -> ((DateDayVector) v).setSafe(r, ((Number) value).intValue());
                    case TIME -> ((TimeMilliVector) v).setSafe(r, ((Number) value).intValue());
                    case TIMESTAMP, TIMESTAMP_LTZ -> ((TimeStampVector) v).setSafe(r, ((Number) value).longValue());
                    case FLOAT -> ((Float4Vector) v).setSafe(r, ((Number) value).floatValue());
                    case DOUBLE -> ((Float8Vector) v).setSafe(r, ((Number) value).doubleValue());
                    case DECIMAL -> ((DecimalVector) v)
                            .setSafe(
                                    r,
                                    ((BigDecimal) value).setScale(type.type(c).scale()));
                    case VARCHAR -> ((VarCharVector) v).setSafe(r, ((String) value).getBytes(StandardCharsets.UTF_8));
                    case NULL -> {}
                }
            }
            v.setValueCount(n);
        }
        root.setRowCount(n);
    }

    /** The rows of a batch as lists of Java values; a changelog's row kind comes first as "+I", "-U", … */
    static List<List<Object>> read(VectorSchemaRoot batch, RowType type, boolean changelog) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < batch.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            if (changelog) {
                byte kind = ((TinyIntVector) batch.getVector(type.size())).get(r);
                row.add(io.sabot.connector.spi.sink.RowKind.fromCode(kind).shortString());
            }
            for (int c = 0; c < type.size(); c++) {
                row.add(ArrowColumns.value(batch.getVector(c), type.type(c).kind(), r));
            }
            rows.add(row);
        }
        return rows;
    }

    static Object[] row(Object... values) {
        return values;
    }
}
