package io.sabot.plan;

import java.util.List;

/**
 * One aggregate of an aggregation node.
 *
 * @param function the aggregate
 * @param arguments input column positions (empty for COUNT(*))
 * @param distinct whether duplicates of the arguments count once ({@code COUNT(DISTINCT x)})
 * @param filterArgument input column (BOOLEAN) of a {@code FILTER (WHERE …)} clause, or -1
 * @param type the result type
 * @param name the output column name
 */
public record AggregateCall(
        AggregateFunction function,
        List<Integer> arguments,
        boolean distinct,
        int filterArgument,
        DataType type,
        String name) {

    public AggregateCall {
        arguments = List.copyOf(arguments);
        if (function == AggregateFunction.COUNT_STAR != arguments.isEmpty()) {
            throw new IllegalArgumentException(function + " with arguments " + arguments);
        }
    }

    @Override
    public String toString() {
        return function + (distinct ? "(DISTINCT " : "(")
                + arguments.stream().map(i -> "$" + i).toList() + ")"
                + (filterArgument >= 0 ? " FILTER $" + filterArgument : "");
    }
}
