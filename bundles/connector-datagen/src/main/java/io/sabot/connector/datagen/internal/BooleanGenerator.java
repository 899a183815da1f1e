package io.sabot.connector.datagen.internal;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/** BOOLEAN columns: true or false with equal probability. */
final class BooleanGenerator extends FieldGenerator {

    BooleanGenerator(String column, double nullRate) {
        super(column, nullRate);
    }

    @Override
    void fillValues(FieldVector vector, long stream, long first, int at, int rows, long nowMillis) {
        ArrowBuf data = vector.getDataBuffer();
        long start = at >>> 3;
        int bytes = (rows + 7) >>> 3;
        for (int b = 0; b < bytes; b++) {
            int base = b << 3;
            int end = Math.min(8, rows - base);
            int bits = 0;
            for (int j = 0; j < end; j++) {
                // the sign bit of the row's value
                bits |= (int) (SplitMix.at(stream, first + base + j) >>> 63) << j;
            }
            data.setByte(start + b, bits);
        }
    }
}
