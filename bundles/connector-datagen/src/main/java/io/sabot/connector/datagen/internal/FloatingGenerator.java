package io.sabot.connector.datagen.internal;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/** FLOAT and DOUBLE columns: uniform in {@code [min, max]}. */
final class FloatingGenerator extends FieldGenerator {

    private final boolean single;
    private final double min;
    private final double max;

    FloatingGenerator(String column, double nullRate, boolean single, double min, double max) {
        super(column, nullRate);
        this.single = single;
        this.min = min;
        this.max = max;
    }

    @Override
    void fillValues(FieldVector vector, long stream, long first, int at, int rows, long nowMillis) {
        ArrowBuf data = vector.getDataBuffer();
        double lo = min;
        double hi = max;
        // lo * (1 - u) + hi * u rather than lo + u * (hi - lo): the difference overflows for the types' full ranges.
        // Rounding can step one ulp outside, hence the clamp.
        if (single) {
            float flo = (float) lo;
            float fhi = (float) hi;
            for (int i = 0; i < rows; i++) {
                double u = SplitMix.unit(SplitMix.at(stream, first + i));
                float v = (float) (lo * (1 - u) + hi * u);
                data.setFloat((long) (at + i) << 2, Math.min(fhi, Math.max(flo, v)));
            }
        } else {
            for (int i = 0; i < rows; i++) {
                double u = SplitMix.unit(SplitMix.at(stream, first + i));
                double v = lo * (1 - u) + hi * u;
                data.setDouble((long) (at + i) << 3, Math.min(hi, Math.max(lo, v)));
            }
        }
    }
}
