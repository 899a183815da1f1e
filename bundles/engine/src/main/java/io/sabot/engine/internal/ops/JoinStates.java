package io.sabot.engine.internal.ops;

import io.sabot.engine.internal.checkpoint.OperatorStateReader;
import io.sabot.engine.internal.checkpoint.OperatorStateWriter;
import io.sabot.state.spi.KeyedStateBackend;
import io.sabot.state.spi.ListState;
import io.sabot.state.spi.StateDescriptor;
import java.io.IOException;
import java.util.Optional;

/**
 * The two list states, {@code left} and {@code right}, of a join's sides in a state backend, with the descriptors the
 * heap's snapshots use ({@link JoinSide#rowsDescriptor}), so that a checkpoint restores on either.
 */
final class JoinStates {

    final KeyedStateBackend backend;
    final StateDescriptor[] descriptors;
    private final ListState[] states = new ListState[2];

    JoinStates(KeyedStateBackend backend, StateDescriptor left, StateDescriptor right) {
        this.backend = backend;
        this.descriptors = new StateDescriptor[] {left, right};
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
        Optional<io.sabot.state.spi.snapshot.StateRestore> restore = in.stateRestore();
        if (restore.isPresent()) {
            backend.restore(restore.get());
        }
    }

    /** Snapshots the backend into the checkpoint (its copy now, its files written asynchronously). */
    void snapshot(OperatorStateWriter out) {
        state(0);
        state(1);
        out.addBackend(backend);
    }
}
