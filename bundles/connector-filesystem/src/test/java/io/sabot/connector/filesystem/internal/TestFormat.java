package io.sabot.connector.filesystem.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeErrors;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stand-in for a format bundle, so that the connector is tested without depending on one: comma-separated BIGINT
 * and VARCHAR columns, no quoting, an empty field is NULL (a table of one VARCHAR column gets whole lines). It
 * reports errors the way real formats do.
 */
final class TestFormat implements RecordDecoder, RecordEncoder {

    static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(64, true)), Field.nullable("name", ArrowType.Utf8.INSTANCE)));

    private final Schema schema;

    TestFormat(Schema schema) {
        this.schema = schema;
    }

    @Override
    public int decode(BinaryRecords records, VectorSchemaRoot target, DecodeErrors errors) {
        int first = target.getRowCount();
        int row = first;
        List<Field> fields = schema.getFields();
        for (int i = 0; i < records.count(); i++) {
            String line = new String(records.data(i), records.offset(i), records.length(i), StandardCharsets.UTF_8);
            // a single VARCHAR column takes the whole line
            String[] values = fields.size() == 1 ? new String[] {line} : line.split(",", -1);
            if (values.length != fields.size()) {
                errors.onError(i, "expected " + fields.size() + " fields, found " + values.length);
                continue;
            }
            String problem = null;
            for (int c = 0; c < values.length && problem == null; c++) {
                if (fields.get(c).getType() instanceof ArrowType.Int && !values[c].matches("-?\\d*")) {
                    problem = "column '" + fields.get(c).getName() + "' (field " + (c + 1)
                            + "): expected an integer, got '" + values[c] + "'";
                }
            }
            if (problem != null) {
                errors.onError(i, problem);
                continue;
            }
            for (int c = 0; c < values.length; c++) {
                FieldVector vector = target.getVector(c);
                if (values[c].isEmpty()) {
                    if (vector instanceof BigIntVector) {
                        ((BigIntVector) vector).setNull(row);
                    } else {
                        ((VarCharVector) vector).setNull(row);
                    }
                } else if (vector instanceof BigIntVector) {
                    ((BigIntVector) vector).setSafe(row, Long.parseLong(values[c]));
                } else {
                    ((VarCharVector) vector).setSafe(row, values[c].getBytes(StandardCharsets.UTF_8));
                }
            }
            row++;
        }
        target.setRowCount(row);
        return row - first;
    }

    @Override
    public void encode(VectorSchemaRoot batch, BinaryRecords out) {
        for (int r = 0; r < batch.getRowCount(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < batch.getFieldVectors().size(); c++) {
                if (c > 0) {
                    line.append(',');
                }
                Object value = batch.getVector(c).getObject(r);
                line.append(value == null ? "" : value.toString());
            }
            byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
            out.add(bytes, 0, bytes.length, r);
        }
    }
}
