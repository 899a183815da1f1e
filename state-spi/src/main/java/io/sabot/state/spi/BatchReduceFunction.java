package io.sabot.state.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Combines two rows of the same columns into one, for a whole batch at a time: the function of a {@link
 * ReducingState}. Implemented by the runtime's operators (and, later, by user-defined aggregate bundles), called by
 * state backends. It is {@code @ConsumerType} because whoever calls the state implements it, so adding a method
 * would break them.
 *
 * <p><b>Contract.</b> The function is pure and deterministic (replay after a restore must give the same state), does
 * not keep references to its arguments, and does not call back into the state. It is called on the task thread,
 * inside a state call. It need not be commutative: the backend always passes the stored value as the left operand
 * and the newer row as the right one, folding rows in row order.
 */
@ConsumerType
public interface BatchReduceFunction {

    /**
     * Writes {@code reduce(left[i], right[i])} into row {@code i} of {@code out} for every {@code i < count}, in row
     * order, and sets {@code out}'s row count to {@code count}. {@code left} is the stored value, {@code right} the new
     * row, so a non-commutative function (such as "last non-null") keeps arrival order.
     *
     * @param left the first operand rows; borrowed, not modified
     * @param right the second operand rows; borrowed, not modified
     * @param count the number of rows to reduce, {@code <=} both row counts
     * @param out where results are written; a root the backend owns, distinct from both operands, with the same
     *     columns
     */
    void reduce(VectorSchemaRoot left, VectorSchemaRoot right, int count, VectorSchemaRoot out);
}
