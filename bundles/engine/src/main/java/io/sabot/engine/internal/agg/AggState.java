package io.sabot.engine.internal.agg;

import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.expr.EvalInput;
import io.sabot.engine.internal.keys.BytesKeyTable;
import io.sabot.engine.internal.keys.KeyEncoder;
import io.sabot.plan.AggregateCall;
import io.sabot.plan.RowType;
import java.util.Arrays;
import java.util.List;

/**
 * The groups of one aggregation scope (a window, or the whole stream for an unwindowed aggregate): a key table
 * mapping encoded group keys to dense ids, a hidden row count per group (so that a group whose rows were all
 * retracted disappears), and one accumulator per aggregate call.
 */
public final class AggState {

    private final BytesKeyTable keys = new BytesKeyTable();
    private final AggregateRunner[] aggregates;
    private long[] rowCounts = new long[0];
    private int initialized;
    private int[] ids = new int[0];
    private int[] stateWidths;

    public AggState(List<AggregateCall> calls, RowType input) {
        this.aggregates = new AggregateRunner[calls.size()];
        for (int i = 0; i < aggregates.length; i++) {
            aggregates[i] = new AggregateRunner(calls.get(i), input);
        }
    }

    /** Checks that every aggregate can take retractions; throws naming the first that cannot. */
    public void checkRetractable() {
        for (AggregateRunner a : aggregates) {
            if (!a.canRetract()) {
                throw new IllegalArgumentException(a.call().function() + " ("
                        + a.call().name() + ") over an updating (changelog) input is not supported yet");
            }
        }
    }

    /** Checks that groups can merge (session windows). */
    public void checkMergeable() {
        for (AggregateRunner a : aggregates) {
            if (!a.canMerge()) {
                throw new IllegalArgumentException(a.call() + " (" + a.call().name()
                        + ") in a SESSION window is not supported: only COUNT may be DISTINCT there");
            }
        }
    }

    public BytesKeyTable keys() {
        return keys;
    }

    public int size() {
        return keys.size();
    }

    public long rowCount(int group) {
        return rowCounts[group];
    }

    /** The group ids of rows {@code rows[0…n)} (by their encoded keys), inserting new groups. */
    public int[] lookup(KeyEncoder encoded, int[] rows, int n) {
        if (ids.length < n) {
            ids = new int[Math.max(n, ids.length * 2)];
        }
        byte[] b = encoded.bytes;
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            ids[i] = keys.findOrInsert(b, encoded.start(r), encoded.length(r), encoded.hashes[r]);
        }
        ensureInitialized();
        return ids;
    }

    /** Adds a group by key bytes (session bookkeeping). */
    public int insert(byte[] key, int off, int len, int hash) {
        int id = keys.findOrInsert(key, off, len, hash);
        ensureInitialized();
        return id;
    }

    private void ensureInitialized() {
        int size = keys.size();
        if (size > initialized) {
            rowCounts = Accumulator.grow(rowCounts, size);
            Arrays.fill(rowCounts, initialized, size, 0);
            for (AggregateRunner a : aggregates) {
                a.init(initialized, size);
            }
            initialized = size;
        }
    }

    /**
     * Applies rows {@code rows[0…n)} of {@code input} to groups {@code groups[0…n)}: accumulates, or retracts when
     * {@code retract}.
     */
    public void apply(EvalInput input, int[] rows, int[] groups, int n, boolean retract) {
        long delta = retract ? -1 : 1;
        for (int i = 0; i < n; i++) {
            rowCounts[groups[i]] += delta;
        }
        for (AggregateRunner a : aggregates) {
            a.apply(input, rows, groups, n, retract);
        }
    }

    /** Writes aggregate {@code index}'s results for {@code groups[0…n)} into {@code out}. */
    public void result(int index, int[] groups, int n, Column out) {
        aggregates[index].result(groups, n, out);
    }

    public int aggregateCount() {
        return aggregates.length;
    }

    /** Folds group {@code source} into {@code target}. */
    public void merge(int target, int source) {
        rowCounts[target] += rowCounts[source];
        rowCounts[source] = 0;
        for (AggregateRunner a : aggregates) {
            a.merge(target, source);
        }
    }

    /** The indexes of the aggregates that keep a DISTINCT value set, each checkpointed as a state of its own. */
    public int[] distinctAggregates() {
        int n = 0;
        int[] which = new int[aggregates.length];
        for (int i = 0; i < aggregates.length; i++) {
            if (aggregates[i].hasDistinct()) {
                which[n++] = i;
            }
        }
        return Arrays.copyOf(which, n);
    }

    /** The name of aggregate {@code index}'s state columns: {@code agg<index>_<function>}. */
    public String stateName(int index) {
        return "agg" + index + "_" + aggregates[index].call().function().name().toLowerCase();
    }

    /** The type of the argument of DISTINCT aggregate {@code index}. */
    public io.sabot.plan.DataType distinctType(int index) {
        return aggregates[index].distinctType();
    }

    /**
     * The distinct values of aggregate {@code index} that count, of the groups {@code live} marks: parallel arrays
     * of group id, value offset (for {@link #decodeDistinct}) and multiplicity, the first {@code count} used.
     */
    public record DistinctEntries(int[] groups, int[] valueStarts, long[] multiplicities, int count) {}

    public DistinctEntries distinctEntries(int index, boolean[] live) {
        DistinctSet.Entries e = aggregates[index].distinctEntries(live);
        return new DistinctEntries(e.groups(), e.valueStarts(), e.multiplicities(), e.count());
    }

    /**
     * Adds to each DISTINCT set the (value, group) pairs rows {@code rows[0…n)} of groups {@code groups[0…n)} touch,
     * with multiplicity 0: a state backend then loads the stored multiplicities of exactly these pairs ({@link
     * #distinctAll}, {@link #setDistinctMultiplicity}) before the rows are applied.
     */
    public void touchDistinct(EvalInput input, int[] rows, int[] groups, int n) {
        for (AggregateRunner a : aggregates) {
            if (a.hasDistinct()) {
                a.touchDistinct(input, rows, groups, n);
            }
        }
    }

    /** Every entry of aggregate {@code index}'s DISTINCT set, multiplicity 0 included; entry {@code i} has id i. */
    public DistinctEntries distinctAll(int index) {
        DistinctSet.Entries e = aggregates[index].distinctAll();
        return new DistinctEntries(e.groups(), e.valueStarts(), e.multiplicities(), e.count());
    }

    /** Sets the multiplicity of entry {@code id} of aggregate {@code index}'s DISTINCT set. */
    public void setDistinctMultiplicity(int index, int id, long multiplicity) {
        aggregates[index].setDistinctMultiplicity(id, multiplicity);
    }

    /** Decodes the values at {@code valueStarts[0…n)} of aggregate {@code index}'s DISTINCT set into {@code out}. */
    public void decodeDistinct(int index, int[] valueStarts, int n, Column out) {
        aggregates[index].decodeDistinct(valueStarts, n, out);
    }

    /**
     * Restores DISTINCT entries of aggregate {@code index}: value row {@code i} of {@code values}, seen {@code
     * multiplicities[i]} times in group {@code groups[i]} (the accumulator's count is restored separately).
     */
    public void loadDistinct(int index, Column values, int[] groups, long[] multiplicities, int n) {
        aggregates[index].loadDistinct(values, groups, multiplicities, n);
    }

    /** The Arrow fields of the checkpointed state of a group: its row count, then every aggregate's accumulator. */
    public List<org.apache.arrow.vector.types.pojo.Field> stateFields() {
        List<org.apache.arrow.vector.types.pojo.Field> fields = new java.util.ArrayList<>();
        fields.add(Accumulator.longField("row_count"));
        for (int i = 0; i < aggregates.length; i++) {
            fields.addAll(aggregates[i].stateFields(stateName(i)));
        }
        return fields;
    }

    /** Writes groups {@code ids[0…n)} into rows {@code 0…n-1} of {@code v[at…]}, in {@link #stateFields} order. */
    public void save(int[] ids, int n, org.apache.arrow.vector.FieldVector[] v, int at) {
        Accumulator.saveLongs(rowCounts, ids, n, v[at]);
        int c = at + 1;
        int[] widths = stateWidths();
        for (int i = 0; i < aggregates.length; i++) {
            aggregates[i].save(ids, n, v, c);
            c += widths[i];
        }
    }

    /** The number of state columns of each aggregate, computed once. */
    private int[] stateWidths() {
        if (stateWidths == null) {
            stateWidths = new int[aggregates.length];
            for (int i = 0; i < aggregates.length; i++) {
                stateWidths[i] = aggregates[i].stateFields("x").size();
            }
        }
        return stateWidths;
    }

    /** Reads rows {@code rows[0…n)} of {@code v[at…]} into groups {@code ids[0…n)}. */
    public void load(org.apache.arrow.vector.FieldVector[] v, int at, int[] rows, int[] ids, int n) {
        Accumulator.loadLongs(rowCounts, rows, ids, n, v[at]);
        int c = at + 1;
        int[] widths = stateWidths();
        for (int i = 0; i < aggregates.length; i++) {
            aggregates[i].load(v, c, rows, ids, n);
            c += widths[i];
        }
    }

    /** Forgets every group, keeping the arrays for the next window. */
    public void clear() {
        keys.clear();
        initialized = 0;
        for (AggregateRunner a : aggregates) {
            a.clear();
        }
    }
}
