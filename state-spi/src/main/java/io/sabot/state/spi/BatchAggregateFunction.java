package io.sabot.state.spi;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Adds input rows to accumulator rows and turns accumulators into results, for a whole batch at a time: the function
 * of an {@link AggregatingState}, like Flink's {@code AggregateFunction} but columnar. Three sets of columns are
 * involved: inputs (what {@link AggregatingState#add} receives), accumulators ({@link StateDescriptor#valueSchema()},
 * what is stored) and results (what {@link AggregatingState#get} returns).
 *
 * <p>Implemented by the runtime's operators, called by state backends; {@code @ConsumerType} for the reason given on
 * {@link BatchReduceFunction}. The same contract applies: pure, deterministic, no references kept, no calls back into
 * the state, called on the task thread. Every method writes {@code out} from row 0 in order and sets its row count;
 * {@code out} is a root the backend owns, never one of the inputs.
 */
@ConsumerType
public interface BatchAggregateFunction {

    /**
     * Writes {@code count} fresh, empty accumulators (the accumulator of no input, e.g. sum 0 and count 0) into rows
     * {@code 0…count-1} of {@code out}.
     *
     * @param count the number of accumulators to create
     * @param out where they are written; columns matching the accumulator schema
     */
    void createAccumulators(int count, VectorSchemaRoot out);

    /**
     * Writes {@code add(accumulators[i], inputs[i])} into row {@code i} of {@code out} for every {@code i < count}.
     *
     * @param accumulators the current accumulators; borrowed, not modified
     * @param inputs the input rows, row-aligned with {@code accumulators}; borrowed, not modified
     * @param count the number of rows
     * @param out where the new accumulators are written; columns matching the accumulator schema
     */
    void add(VectorSchemaRoot accumulators, VectorSchemaRoot inputs, int count, VectorSchemaRoot out);

    /**
     * Writes the result of accumulator row {@code i} into row {@code i} of {@code out} for every {@code i < count}.
     *
     * @param accumulators the accumulators; borrowed, not modified
     * @param count the number of rows
     * @param out where results are written; columns matching the result columns
     */
    void getResults(VectorSchemaRoot accumulators, int count, VectorSchemaRoot out);
}
