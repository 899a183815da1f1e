package io.sabot.format.raw.internal;

import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.EncodeErrors;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.PluginException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Writes the one column's value of each row as the record's bytes, into one reused buffer. A NULL value becomes an
 * empty record (the record SPI has no null record). A STRING value the charset cannot represent is not written with a
 * replacement character: it goes to the {@link EncodeErrors} (or fails the batch without one).
 */
final class RawEncoder implements RecordEncoder {

    private final boolean transcode;
    private final Charset charset;
    private final String columnName;
    private final CharsetEncoder strict;
    private byte[] buffer = new byte[1 << 16];

    RawEncoder(Field column, Charset charset) {
        this.charset = charset;
        this.columnName = column.getName();
        this.strict = charset.canEncode()
                ? charset.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                : null;
        this.transcode = column.getType() instanceof ArrowType.Utf8 && !charset.equals(StandardCharsets.UTF_8);
    }

    @Override
    public void encode(VectorSchemaRoot batch, BinaryRecords out) {
        encode(batch, out, null);
    }

    @Override
    public void encode(VectorSchemaRoot batch, BinaryRecords out, EncodeErrors errors) {
        BaseVariableWidthVector column = (BaseVariableWidthVector) batch.getVector(0);
        int rows = batch.getRowCount();
        ArrowBuf offsets = column.getOffsetBuffer();
        ArrowBuf data = column.getDataBuffer();
        long total = offsets.getInt((long) rows * BaseVariableWidthVector.OFFSET_WIDTH) - offsets.getInt(0);
        if (!transcode && buffer.length < total) {
            buffer = new byte[(int) Math.max(total, buffer.length * 2L)];
        }
        int at = 0;
        for (int i = 0; i < rows; i++) {
            if (column.isNull(i)) {
                out.add(buffer, at, 0, i);
                continue;
            }
            int start = offsets.getInt((long) i * BaseVariableWidthVector.OFFSET_WIDTH);
            int length = offsets.getInt((long) (i + 1) * BaseVariableWidthVector.OFFSET_WIDTH) - start;
            if (transcode) {
                byte[] utf8 = new byte[length];
                data.getBytes(start, utf8);
                ByteBuffer encoded;
                try {
                    encoded = strict.encode(StandardCharsets.UTF_8.decode(ByteBuffer.wrap(utf8)));
                } catch (CharacterCodingException e) {
                    String message = "column '" + columnName + "': the value has characters that charset "
                            + charset.name() + " cannot represent (format 'raw')";
                    if (errors == null) {
                        throw new PluginException("format 'raw' cannot write row " + i + ": " + message, false);
                    }
                    errors.onError(i, message);
                    continue;
                }
                byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                out.add(bytes, 0, bytes.length, i);
                continue;
            }
            data.getBytes(start, buffer, at, length);
            out.add(buffer, at, length, i);
            at += length;
        }
    }
}
