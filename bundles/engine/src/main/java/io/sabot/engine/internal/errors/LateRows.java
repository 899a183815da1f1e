package io.sabot.engine.internal.errors;

import io.sabot.engine.internal.column.ArrowColumns;
import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.ErrorType;
import io.sabot.errors.spi.Failure;
import io.sabot.errors.spi.RecordContext;
import io.sabot.plan.Column;
import io.sabot.plan.RowType;
import io.sabot.plan.TypeKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The late rows of one window operator on their way to the job's dead-letter target ({@code 'sabot.late-data' =
 * 'dead-letter'}): each becomes a {@link ErrorType#WATERMARK} dead letter with its row (column name to value), its
 * event time, and a message naming the watermark and the window it missed. Operators find their late rows with
 * their usual columnar pass and hand over only those: converting a row from Arrow to Java values happens here, on the
 * rare path. Thread-safe: shared by the operator's subtasks.
 *
 * <p>Dead letters are queued; {@link #flush} makes them durable, which a task does before it acknowledges a
 * checkpoint barrier (and the job before it commits its output).
 */
public final class LateRows {

    /** An event time that is not known (window Top-N sees windows, not event times). */
    public static final long NO_TIME = Long.MIN_VALUE;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final DeadLetterQueue target;
    private final String tenant;
    private final String job;
    private final String operator;
    private final String table;
    private final RowType input;

    LateRows(DeadLetterQueue target, String tenant, String job, String operator, String table, RowType input) {
        this.target = target;
        this.tenant = tenant;
        this.job = job;
        this.operator = operator;
        this.table = table;
        this.input = input;
    }

    /**
     * Dead-letters row {@code row} of {@code batch} (a batch of the operator's input). Blocks while the target's
     * queue is full; throws when the target has failed, which fails the task.
     *
     * @param subtask the operator's subtask
     * @param eventTime the row's event time in ms, or {@link #NO_TIME}
     * @param message why the row is late ({@link #lateForWindow}, …)
     */
    public void add(int subtask, VectorSchemaRoot batch, int row, long eventTime, String message) {
        Map<String, Object> values = rowValues(input, batch, row);
        RecordContext.Builder record = RecordContext.builder().table(table).row(values);
        if (eventTime != NO_TIME) {
            record.eventTime(Instant.ofEpochMilli(eventTime));
        }
        ComponentId component = new ComponentId(tenant, job, operator, subtask, table, null);
        Failure failure = Failure.builder(ErrorType.WATERMARK)
                .component(component)
                .record(record.build())
                .message(message + " (operator " + operator + ", subtask " + subtask
                        + (table == null ? "" : ", table '" + table + "'") + ")")
                .retriable(false) // the watermark will not go back
                .build();
        target.add(DeadLetterRecord.of(failure, target.target(), Instant.now()));
    }

    /** Makes the dead letters queued so far durable. */
    public void flush() throws Exception {
        target.flush();
    }

    /**
     * {@code late row: event time … is behind the watermark … of window [start, end)}: a row of a window (or
     * session) that has fired.
     */
    public static String lateForWindow(long eventTime, long watermark, String window, long start, long end) {
        return "late row: event time " + time(eventTime) + " is behind the watermark " + time(watermark) + " of "
                + window + " [" + time(start) + ", " + time(end) + ")";
    }

    /** A row whose event time is NULL: it belongs to no window. */
    public static String withoutTime(String column) {
        return "row without event time: its time column '" + column + "' is NULL, so it belongs to no window";
    }

    /** A millisecond timestamp as {@code yyyy-MM-dd HH:mm:ss.SSS} (UTC, as TIMESTAMP values are kept). */
    public static String time(long millis) {
        if (millis == Long.MIN_VALUE) {
            return "-∞";
        }
        if (millis == Long.MAX_VALUE) {
            return "+∞";
        }
        return LocalDateTime.ofEpochSecond(
                        Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC)
                .format(TIME);
    }

    /** Row {@code row} of working columns of {@code type}, column name to plain Java value. */
    static Map<String, Object> rowValues(RowType type, io.sabot.engine.internal.column.Column[] columns, int row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int c = 0; c < type.size(); c++) {
            Column column = type.columns().get(c);
            values.put(
                    column.name(),
                    javaValue(
                            io.sabot.engine.internal.column.ColumnOps.value(
                                    columns[c], column.type().kind(), row),
                            column.type().kind()));
        }
        return values;
    }

    /** Row {@code row} of {@code batch} (whose first columns are {@code type}'s), column name to plain Java value. */
    static Map<String, Object> rowValues(RowType type, VectorSchemaRoot batch, int row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int c = 0; c < type.size(); c++) {
            Column column = type.columns().get(c);
            values.put(
                    column.name(),
                    javaValue(
                            ArrowColumns.value(batch.getVector(c), column.type().kind(), row),
                            column.type().kind()));
        }
        return values;
    }

    /** A value in the plan's literal representation as the plain Java value a dead letter's row holds. */
    private static Object javaValue(Object value, TypeKind kind) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case DATE -> LocalDate.ofEpochDay((Integer) value);
            case TIME -> LocalTime.ofNanoOfDay((Integer) value * 1_000_000L);
            case TIMESTAMP -> LocalDateTime.ofEpochSecond(
                    Math.floorDiv((Long) value, 1000L),
                    (int) Math.floorMod((Long) value, 1000L) * 1_000_000,
                    ZoneOffset.UTC);
            case TIMESTAMP_LTZ -> Instant.ofEpochMilli((Long) value);
            case INTERVAL_DAY_TIME -> Duration.ofMillis((Long) value);
            case INTERVAL_YEAR_MONTH -> Period.ofMonths((Integer) value).normalized();
            default -> value;
        };
    }
}
