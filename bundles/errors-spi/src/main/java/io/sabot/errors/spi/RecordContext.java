package io.sabot.errors.spi;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record a failure is about, as far as it is known: where it came from (table, split, position), its original
 * bytes as read from the outside world, and/or the row it had become. Enough to find the record again in its source,
 * to write it to a dead-letter target, and to show it in the console.
 *
 * <p>Which parts are present depends on where the failure happened: a format's decode failure has the original
 * bytes but no row; an operator's failure has the row, and the original bytes only if the source kept them; a late
 * record has its row and event time.
 *
 * <p>Immutable and thread-safe: arrays are copied on the way in and out, and the row map is an unmodifiable copy.
 * Build with {@link #builder()}.
 *
 * <p><b>Sensitive data.</b> Original bytes and rows are user data. The runtime shows them only to the record's tenant
 * and writes them only to that tenant's dead-letter targets; {@link #toString()} never prints them.
 */
public final class RecordContext {

    private final String table;
    private final String split;
    private final String position;
    private final byte[] originalKey;
    private final byte[] originalBytes;
    private final Map<String, Object> row;
    private final Instant eventTime;

    private RecordContext(Builder builder) {
        this.table = builder.table;
        this.split = builder.split;
        this.position = builder.position;
        this.originalKey = builder.originalKey == null ? null : builder.originalKey.clone();
        this.originalBytes = builder.originalBytes == null ? null : builder.originalBytes.clone();
        this.row = builder.row == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(builder.row));
        this.eventTime = builder.eventTime;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The table the record belongs to, fully qualified (e.g. {@code acme.default.orders}). */
    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    /**
     * The source split the record was read from, in the connector's notation: a Kafka {@code topic-partition} such as
     * {@code orders-3}, a file path, a generator range.
     */
    public Optional<String> split() {
        return Optional.ofNullable(split);
    }

    /**
     * The record's position within its split, in the connector's notation: the Kafka offset in decimal ({@code
     * 1234}), a file's byte offset or line ({@code line 17}), a generated row's index. With {@link #split()} it
     * locates the record in its source.
     */
    public Optional<String> position() {
        return Optional.ofNullable(position);
    }

    /** A copy of the record's original key bytes (e.g. a Kafka record key), if the source has and kept them. */
    public Optional<byte[]> originalKey() {
        return Optional.ofNullable(originalKey).map(byte[]::clone);
    }

    /** A copy of the record's original bytes as read from the outside world (e.g. a Kafka value, a file line). */
    public Optional<byte[]> originalBytes() {
        return Optional.ofNullable(originalBytes).map(byte[]::clone);
    }

    /**
     * The row the record had become, column name to value, in column order. Values are plain Java objects ({@code
     * String}, boxed numbers, {@code Boolean}, {@code BigDecimal}, {@code java.time} types, {@code byte[]}), converted
     * by the runtime from Arrow; a column that could not be computed is absent.
     */
    public Optional<Map<String, Object>> row() {
        return Optional.ofNullable(row);
    }

    /** The record's event time, if the table has one and it could be computed. */
    public Optional<Instant> eventTime() {
        return Optional.ofNullable(eventTime);
    }

    /** A builder holding this context's values, to derive a changed copy. */
    public Builder toBuilder() {
        return builder()
                .table(table)
                .split(split)
                .position(position)
                .originalKey(originalKey)
                .originalBytes(originalBytes)
                .row(row)
                .eventTime(eventTime);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordContext)) {
            return false;
        }
        RecordContext other = (RecordContext) o;
        return Objects.equals(table, other.table)
                && Objects.equals(split, other.split)
                && Objects.equals(position, other.position)
                && Arrays.equals(originalKey, other.originalKey)
                && Arrays.equals(originalBytes, other.originalBytes)
                && Objects.equals(row, other.row)
                && Objects.equals(eventTime, other.eventTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, split, position, Arrays.hashCode(originalBytes), eventTime);
    }

    /** Where the record is, and the size of what is known about it; never its content. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("record");
        if (table != null) {
            text.append(" of ").append(table);
        }
        if (split != null) {
            text.append(" in ").append(split);
        }
        if (position != null) {
            text.append(" at ").append(position);
        }
        if (originalBytes != null) {
            text.append(" (").append(originalBytes.length).append(" bytes)");
        }
        if (row != null) {
            text.append(" (row of ").append(row.size()).append(" columns)");
        }
        return text.toString();
    }

    /** Builds a {@link RecordContext}; every part is optional. Not thread-safe. */
    public static final class Builder {
        private String table;
        private String split;
        private String position;
        private byte[] originalKey;
        private byte[] originalBytes;
        private Map<String, Object> row;
        private Instant eventTime;

        private Builder() {}

        /** The table, fully qualified. */
        public Builder table(String table) {
            this.table = table;
            return this;
        }

        /** The source split, in the connector's notation. */
        public Builder split(String split) {
            this.split = split;
            return this;
        }

        /** The position within the split, in the connector's notation. */
        public Builder position(String position) {
            this.position = position;
            return this;
        }

        /** The position within the split, for connectors whose positions are numbers (offsets, indexes). */
        public Builder position(long position) {
            this.position = Long.toString(position);
            return this;
        }

        /** The original key bytes; copied when built. */
        public Builder originalKey(byte[] originalKey) {
            this.originalKey = originalKey;
            return this;
        }

        /** The original bytes; copied when built. */
        public Builder originalBytes(byte[] originalBytes) {
            this.originalBytes = originalBytes;
            return this;
        }

        /** The row, column name to plain Java value (null values allowed); copied when built. */
        public Builder row(Map<String, ?> row) {
            this.row = row == null ? null : new LinkedHashMap<>(row);
            return this;
        }

        /** The record's event time. */
        public Builder eventTime(Instant eventTime) {
            this.eventTime = eventTime;
            return this;
        }

        /** The context. */
        public RecordContext build() {
            return new RecordContext(this);
        }
    }
}
