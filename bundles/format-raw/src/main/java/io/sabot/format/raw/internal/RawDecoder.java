package io.sabot.format.raw.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeErrors;
import io.sabot.connector.spi.format.RecordDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Copies each record's bytes into the one column. A UTF-8 {@code STRING} column takes the bytes as they are (Arrow
 * strings are UTF-8); another charset is transcoded, which allocates, as any transcoding does.
 */
final class RawDecoder implements RecordDecoder {

    private final boolean transcode;
    private final Charset charset;

    RawDecoder(Field column, Charset charset) {
        this.charset = charset;
        this.transcode = column.getType() instanceof ArrowType.Utf8 && !charset.equals(StandardCharsets.UTF_8);
    }

    @Override
    public int decode(BinaryRecords records, VectorSchemaRoot target, DecodeErrors errors) {
        BaseVariableWidthVector column = (BaseVariableWidthVector) target.getVector(0);
        int first = target.getRowCount();
        int count = records.count();
        if (first == 0) {
            column.allocateNew(count);
        }
        for (int i = 0; i < count; i++) {
            int row = first + i;
            if (transcode) {
                ByteBuffer utf8 = StandardCharsets.UTF_8.encode(
                        charset.decode(ByteBuffer.wrap(records.data(i), records.offset(i), records.length(i))));
                column.setSafe(row, utf8, utf8.position(), utf8.remaining());
            } else {
                column.setSafe(row, records.data(i), records.offset(i), records.length(i));
            }
        }
        target.setRowCount(first + count);
        return count;
    }
}
