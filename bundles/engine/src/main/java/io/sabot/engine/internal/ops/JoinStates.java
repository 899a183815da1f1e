package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.StateDescriptor;
import java.io.IOException;

/**
 * The two list states, {@code left} and {@code right}, of a join's sides in a state backend, with the descriptors the
 * heap's snapshots use ({@link JoinSide#rowsDescriptor}), so that a checkpoint restores on either.
 */
final class JoinStates {

    final KeyedStateBackend backend;
    final StateDescriptor[] descriptors;
    /** Per side, whether a key column is floating point: its stored keys are then canonical copies. */
    final boolean[] floatKeys = new boolean[2];

    private final ListState[] states = new ListState[2];

    JoinStates(KeyedStateBackend backend, StateDescriptor left, StateDescriptor right) {
        this.backend = backend;
        this.descriptors = new StateDescriptor[] {left, right};
        for (int s = 0; s < 2; s++) {
            for (org.apache.arrow.vector.types.pojo.Field f :
                    descriptors[s].keySchema().getFields()) {
                floatKeys[s] |= f.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint;
            }
        }
    }

    /**
     * Makes the floating-point values of a key column canonical, as the engine's key encoding compares them ({@code
     * -0.0} as {@code 0.0}, every NaN as one): a backend compares stored keys by their bytes, so equal keys must be
     * equal bytes. Other columns are left as they are.
     */
    static void canonicalKey(org.apache.arrow.vector.FieldVector v) {
        if (v instanceof org.apache.arrow.vector.Float8Vector d) {
            for (int i = 0; i < d.getValueCount(); i++) {
                if (!d.isNull(i)) {
                    double x = d.get(i);
                    if (x == 0.0 || x != x) {
                        d.set(i, x == 0.0 ? 0.0 : Double.NaN);
                    }
                }
            }
        } else if (v instanceof org.apache.arrow.vector.Float4Vector f) {
            for (int i = 0; i < f.getValueCount(); i++) {
                if (!f.isNull(i)) {
                    float x = f.get(i);
                    if (x == 0.0f || x != x) {
                        f.set(i, x == 0.0f ? 0.0f : Float.NaN);
                    }
                }
            }
        }
    }

    /** The state of side {@code s}, created on first use (after a restore, which must reach the backend first). */
    ListState state(int s) {
        if (states[s] == null) {
            states[s] = backend.listState(descriptors[s]);
        }
        return states[s];
    }

    /** Restores this subtask's key groups of the checkpoint into the backend. */
    void restore(OperatorStateReader in) throws IOException {
        in.restoreInto(backend);
    }

    /** Snapshots the backend into the checkpoint (its copy now, its files written asynchronously). */
    void snapshot(OperatorStateWriter out) {
        state(0);
        state(1);
        out.addBackend(backend);
    }
}
