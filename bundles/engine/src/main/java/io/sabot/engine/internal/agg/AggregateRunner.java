package io.sabot.engine.internal.agg;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.Physical;
import io.sabot.engine.internal.expr.EvalInput;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.AggregateCall;
import io.sabot.plan.AggregateFunction;
import io.sabot.plan.DataType;
import io.sabot.plan.RowType;
import io.sabot.plan.TypeKind;

/**
 * One aggregate call over one group table: its accumulator, plus the FILTER and DISTINCT pre-selection of the
 * (row, group) pairs it sees.
 */
public final class AggregateRunner {

    private final AggregateCall call;
    private final int argument;
    private final Accumulator accumulator;
    private final DistinctSet distinct;
    private final DataType argumentType;
    private final KeyEncoder distinctValues;
    private int[] rows = new int[0];
    private int[] groups = new int[0];

    AggregateRunner(AggregateCall call, RowType input) {
        this.call = call;
        if (call.arguments().size() > 1) {
            throw new IllegalArgumentException(call.function() + " with "
                    + call.arguments().size() + " arguments is not supported (" + call.name() + ")");
        }
        this.argument = call.arguments().isEmpty() ? -1 : call.arguments().get(0);
        if (argument >= input.size()) {
            throw new IllegalArgumentException(
                    "aggregate " + call.name() + " reads column $" + argument + ", which does not exist");
        }
        if (call.filterArgument() >= input.size()) {
            throw new IllegalArgumentException("aggregate " + call.name() + " filters on column $"
                    + call.filterArgument() + ", which does not exist");
        }
        this.argumentType = argument < 0 ? null : input.type(argument);
        this.accumulator = create(call, argumentType);
        boolean needsDistinct = call.distinct()
                && call.function() != AggregateFunction.MIN
                && call.function() != AggregateFunction.MAX
                && argument >= 0;
        this.distinct = needsDistinct ? new DistinctSet() : null;
        this.distinctValues =
                needsDistinct ? new KeyEncoder(new int[] {argument}, new DataType[] {input.type(argument)}) : null;
    }

    private static Accumulator create(AggregateCall call, DataType argType) {
        boolean average = call.function() == AggregateFunction.AVG;
        boolean zero = call.function() == AggregateFunction.SUM0;
        return switch (call.function()) {
            case COUNT_STAR, COUNT -> new Accumulators.Count();
            case SUM, SUM0, AVG -> switch (Physical.of(argType)) {
                case LONG -> {
                    if (!argType.kind().isIntegral() && argType.kind() != TypeKind.NULL) {
                        throw new IllegalArgumentException(
                                call.function() + " of " + argType + " (" + call.name() + ")");
                    }
                    yield new Accumulators.LongSum(average, zero);
                }
                case DOUBLE -> new Accumulators.DoubleSum(average, zero);
                case DECIMAL -> new Accumulators.DecimalSum(average, zero, argType.scale());
                default -> throw new IllegalArgumentException(
                        call.function() + " of " + argType + " (" + call.name() + ")");
            };
            case MIN, MAX -> {
                boolean max = call.function() == AggregateFunction.MAX;
                yield switch (Physical.of(argType)) {
                    case LONG, DECIMAL -> new Accumulators.LongExtreme(max);
                    case DOUBLE -> new Accumulators.DoubleExtreme(max);
                    case BOOL -> new Accumulators.BoolExtreme(max);
                    case STRING -> new Accumulators.StringExtreme(max);
                };
            }
        };
    }

    public AggregateCall call() {
        return call;
    }

    public boolean canRetract() {
        return accumulator.canRetract();
    }

    /** Whether merging two groups is exact (DISTINCT is, for COUNT only). */
    boolean canMerge() {
        return distinct == null || call.function() == AggregateFunction.COUNT;
    }

    void init(int from, int to) {
        accumulator.init(from, to);
    }

    void clear() {
        accumulator.clear();
        if (distinct != null) {
            distinct.clear();
        }
    }

    /** Applies pairs {@code (inRows[i], inGroups[i])} of the batch in {@code input}. */
    void apply(EvalInput input, int[] inRows, int[] inGroups, int n, boolean retract) {
        Column arg = argument < 0 ? null : input.column(argument);
        int[] r = inRows;
        int[] g = inGroups;
        if (call.filterArgument() >= 0 || distinct != null) {
            if (rows.length < n) {
                rows = new int[Math.max(n, rows.length * 2)];
                groups = new int[rows.length];
            }
            int kept = 0;
            BoolColumn filter = call.filterArgument() >= 0 ? (BoolColumn) input.column(call.filterArgument()) : null;
            for (int i = 0; i < n; i++) {
                if (filter == null || filter.isTrue(inRows[i])) {
                    rows[kept] = inRows[i];
                    groups[kept] = inGroups[i];
                    kept++;
                }
            }
            n = kept;
            r = rows;
            g = groups;
            if (distinct != null) {
                distinctValues.encode(input);
                n = distinct.filter(distinctValues, arg.hasNulls() ? arg.nulls() : null, r, g, n, retract);
            }
        }
        if (retract) {
            accumulator.retract(arg, r, g, n);
        } else {
            accumulator.accumulate(arg, r, g, n);
        }
    }

    /**
     * Adds the (value, group) pairs that rows {@code inRows[0…n)} (those its FILTER keeps) would accumulate or retract
     * to the DISTINCT set, with multiplicity 0: see {@link DistinctSet#touch}.
     */
    void touchDistinct(EvalInput input, int[] inRows, int[] inGroups, int n) {
        if (rows.length < n) {
            rows = new int[Math.max(n, rows.length * 2)];
            groups = new int[rows.length];
        }
        BoolColumn filter = call.filterArgument() >= 0 ? (BoolColumn) input.column(call.filterArgument()) : null;
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (filter == null || filter.isTrue(inRows[i])) {
                rows[kept] = inRows[i];
                groups[kept] = inGroups[i];
                kept++;
            }
        }
        Column arg = input.column(argument);
        distinctValues.encode(input);
        distinct.touch(distinctValues, arg.hasNulls() ? arg.nulls() : null, rows, groups, kept);
    }

    DistinctSet.Entries distinctAll() {
        return distinct.all();
    }

    void setDistinctMultiplicity(int id, long m) {
        distinct.setMultiplicity(id, m);
    }

    /** Whether this aggregate keeps a DISTINCT value set (checkpointed as a state of its own). */
    boolean hasDistinct() {
        return distinct != null;
    }

    /** The type of the DISTINCT argument. */
    DataType distinctType() {
        return argumentType;
    }

    DistinctSet.Entries distinctEntries(boolean[] live) {
        return distinct.entries(live);
    }

    /** Decodes the values of entries {@code valueStarts[0…n)} of the DISTINCT set into {@code out}. */
    void decodeDistinct(int[] valueStarts, int n, Column out) {
        distinctValues.decode(distinct.arena(), valueStarts, n, new Column[] {out});
    }

    /** Restores DISTINCT entries: value row {@code i} of {@code values} for group {@code groups[i]}. */
    void loadDistinct(Column values, int[] groups, long[] multiplicities, int n) {
        distinctValues.encode(new Column[] {values}, n);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        distinct.load(distinctValues, rows, groups, multiplicities, n);
    }

    java.util.List<org.apache.arrow.vector.types.pojo.Field> stateFields(String prefix) {
        return accumulator.stateFields(prefix);
    }

    void save(int[] ids, int n, org.apache.arrow.vector.FieldVector[] v, int at) {
        accumulator.save(ids, n, v, at);
    }

    void load(org.apache.arrow.vector.FieldVector[] v, int at, int[] rows, int[] ids, int n) {
        accumulator.load(v, at, rows, ids, n);
    }

    void result(int[] ids, int n, Column out) {
        accumulator.result(ids, n, out);
    }

    void merge(int target, int source) {
        if (distinct != null) {
            int added = distinct.merge(target, source);
            Accumulators.Count count = (Accumulators.Count) accumulator;
            count.counts[target] += added;
            count.counts[source] = 0;
            return;
        }
        accumulator.merge(target, source);
    }
}
