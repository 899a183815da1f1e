package io.sabot.connector.datagen.internal;

import io.sabot.plugin.OptionDescriptor;
import java.time.Duration;
import java.util.List;

/** The options of the {@code datagen} connector: Flink's keys and defaults, plus {@code seed}. */
public final class DatagenOptions {

    /** Kind of a column generated uniformly at random. */
    public static final String RANDOM = "random";

    /** Kind of a column counting up from {@code start} to {@code end}. */
    public static final String SEQUENCE = "sequence";

    /** The rate of the whole source; each of its subtasks makes its share. */
    public static final OptionDescriptor<Long> ROWS_PER_SECOND = OptionDescriptor.key("rows-per-second")
            .longType()
            .defaultValue(10_000L)
            .check(v -> v > 0, "positive")
            .description("Rows generated per second by the whole source, shared evenly by its parallel subtasks.");

    /** The total number of rows; makes the source bounded. */
    public static final OptionDescriptor<Long> NUMBER_OF_ROWS = OptionDescriptor.key("number-of-rows")
            .longType()
            .check(v -> v >= 0, "zero or more")
            .description("Total number of rows to generate. When set the source is bounded; when not set (and no "
                    + "column is a sequence) it generates rows forever.");

    /** The seed of the random values; the same seed gives the same rows. */
    public static final OptionDescriptor<Long> SEED = OptionDescriptor.key("seed")
            .longType()
            .description("Seed of the random values: the same seed and options give the same rows, in every run. "
                    + "When not set, each job start picks a random seed (restores from a checkpoint keep theirs).");

    /** Per column: {@value #RANDOM} or {@value #SEQUENCE}. */
    public static final OptionDescriptor<String> FIELD_KIND = OptionDescriptor.key("fields.#.kind")
            .enumType(RANDOM, SEQUENCE)
            .defaultValue(RANDOM)
            .description("How column # is generated: 'random' values, or a 'sequence' from start to end (integer "
                    + "columns only; a sequence bounds the source).");

    /** Per column: the smallest random value, parsed in the column's type. */
    public static final OptionDescriptor<String> FIELD_MIN = OptionDescriptor.key("fields.#.min")
            .stringType()
            .description("Smallest random value of column #, in the column's type: a number, or for DATE and "
                    + "TIMESTAMP a literal such as '2024-01-01' or '2024-01-01 12:00:00'. Default: the type's "
                    + "minimum (Flink's: the smallest positive value for FLOAT and DOUBLE).");

    /** Per column: the largest random value, parsed in the column's type. */
    public static final OptionDescriptor<String> FIELD_MAX = OptionDescriptor.key("fields.#.max")
            .stringType()
            .description("Largest random value of column #, in the column's type (see min). Default: the type's "
                    + "maximum.");

    /** Per TIMESTAMP or DATE column: how far before now random values may lie. */
    public static final OptionDescriptor<Duration> FIELD_MAX_PAST = OptionDescriptor.key("fields.#.max-past")
            .durationType()
            .defaultValue(Duration.ZERO)
            .description("For a random TIMESTAMP or DATE column # without min/max: values lie between this long "
                    + "before the current time and the current time.");

    /** Per STRING column: the length of its values. */
    public static final OptionDescriptor<Integer> FIELD_LENGTH = OptionDescriptor.key("fields.#.length")
            .intType()
            .defaultValue(100)
            .check(v -> v >= 0, "zero or more")
            .description("Length of the random strings of STRING/VARCHAR column #.");

    /** Per sequence column: its first value. */
    public static final OptionDescriptor<Long> FIELD_START = OptionDescriptor.key("fields.#.start")
            .longType()
            .description("First value of sequence column # (required for a sequence).");

    /** Per sequence column: its last value, inclusive. */
    public static final OptionDescriptor<Long> FIELD_END = OptionDescriptor.key("fields.#.end")
            .longType()
            .description("Last value of sequence column #, inclusive (required for a sequence).");

    /** Per column: the fraction of NULL values. */
    public static final OptionDescriptor<Double> FIELD_NULL_RATE = OptionDescriptor.key("fields.#.null-rate")
            .doubleType()
            .defaultValue(0.0)
            .check(v -> v >= 0 && v <= 1, "between 0 and 1")
            .description("Fraction of rows in which column # is NULL.");

    /** Every option, in the order of the documentation table. */
    public static final List<OptionDescriptor<?>> ALL = List.of(
            ROWS_PER_SECOND,
            NUMBER_OF_ROWS,
            SEED,
            FIELD_KIND,
            FIELD_MIN,
            FIELD_MAX,
            FIELD_MAX_PAST,
            FIELD_LENGTH,
            FIELD_START,
            FIELD_END,
            FIELD_NULL_RATE);

    /** The per-column options ({@code fields.#.…}). */
    static final List<OptionDescriptor<?>> FIELD_OPTIONS = List.of(
            FIELD_KIND, FIELD_MIN, FIELD_MAX, FIELD_MAX_PAST, FIELD_LENGTH, FIELD_START, FIELD_END, FIELD_NULL_RATE);

    private DatagenOptions() {}
}
