package io.sabot.sql.internal;

import io.sabot.plan.Calc;
import io.sabot.plan.Call;
import io.sabot.plan.ChangelogNormalize;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.GroupAggregate;
import io.sabot.plan.InputRef;
import io.sabot.plan.PlanNode;
import io.sabot.plan.SinkUpsertMaterialize;
import io.sabot.plan.TypeKind;
import io.sabot.plan.WatermarkAssigner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The upsert keys of a changelog (Flink's {@code FlinkRelMdUpsertKeys}, on Sabot's plan): sets of columns such that
 * every change is keyed by them, an update-before and its update-after carrying the same values there and at most one
 * live row per value. Derived only where it is certain: the group keys of an aggregate, the key of a normalised
 * upsert scan or of a materializer, through projections that pass the key columns unchanged (or cast without
 * merging values), filters on the key
 * columns only and watermark assignment. Anything else (joins, unions, filters on other columns, computed keys) has
 * none, which makes {@code AUTO} materialize: correctness before speed.
 */
final class UpsertKeys {

    private UpsertKeys() {}

    static Set<Set<Integer>> of(PlanNode node) {
        if (node instanceof GroupAggregate agg) {
            Set<Integer> key = new TreeSet<>();
            for (int k = 0; k < agg.groupKeys().size(); k++) {
                key.add(k); // the output starts with the group keys
            }
            return Set.of(Set.copyOf(key));
        }
        if (node instanceof ChangelogNormalize normalize) {
            return Set.of(Set.copyOf(normalize.keys()));
        }
        if (node instanceof SinkUpsertMaterialize materialize) {
            return Set.of(Set.copyOf(materialize.keys()));
        }
        if (node instanceof WatermarkAssigner watermark) {
            return of(watermark.input());
        }
        if (node instanceof Calc calc) {
            return throughCalc(calc, of(calc.input()));
        }
        return Set.of();
    }

    /** The input keys whose columns the projection passes unchanged (and the filter reads alone), renumbered. */
    private static Set<Set<Integer>> throughCalc(Calc calc, Set<Set<Integer>> inputKeys) {
        Set<Set<Integer>> keys = new HashSet<>();
        List<Expr> projections = calc.projections();
        for (Set<Integer> key : inputKeys) {
            // a filter on other columns may pass an update-before and drop its update-after: the key no longer holds
            if (calc.condition() != null && !key.containsAll(columns(calc.condition(), new HashSet<>()))) {
                continue;
            }
            Set<Integer> mapped = new TreeSet<>();
            for (int column : key) {
                for (int out = 0; out < projections.size(); out++) {
                    if (passes(projections.get(out), column)) {
                        mapped.add(out);
                        break;
                    }
                }
            }
            if (mapped.size() == key.size()) {
                keys.add(Set.copyOf(mapped));
            }
        }
        return keys;
    }

    /**
     * Whether {@code expr} is input column {@code column} itself or a cast of it that keeps distinct values distinct
     * (nullability only, an integer to a wider integer or to an unbounded string), as {@code CAST(id AS STRING)}.
     */
    private static boolean passes(Expr expr, int column) {
        if (expr instanceof InputRef ref) {
            return ref.index() == column;
        }
        if (!(expr instanceof Call call)
                || call.operator() != io.sabot.plan.Operator.CAST
                || !(call.operands().get(0) instanceof InputRef ref)
                || ref.index() != column) {
            return false;
        }
        DataType from = ref.type();
        DataType to = call.type();
        if (from.withNullable(true).equals(to.withNullable(true))) {
            return true;
        }
        if (!from.kind().isIntegral()) {
            return false;
        }
        return (to.kind().isIntegral() && to.kind().ordinal() >= from.kind().ordinal())
                || (to.kind() == TypeKind.VARCHAR && to.precision() == DataType.MAX_LENGTH);
    }

    private static Set<Integer> columns(Expr expr, Set<Integer> into) {
        if (expr instanceof InputRef ref) {
            into.add(ref.index());
        } else if (expr instanceof Call call) {
            call.operands().forEach(operand -> columns(operand, into));
        }
        return into;
    }
}
