package io.sabot.plan;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An operator applied to operands. Operand conventions per operator are documented on {@link Operator}.
 *
 * @param operator what is computed
 * @param operands the arguments, in order
 * @param type the result type (including its nullability)
 */
public record Call(Operator operator, List<Expr> operands, DataType type) implements Expr {

    public Call {
        Objects.requireNonNull(operator, "operator");
        operands = List.copyOf(operands);
    }

    public Expr operand(int i) {
        return operands.get(i);
    }

    @Override
    public String toString() {
        return operator.name() + operands.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
