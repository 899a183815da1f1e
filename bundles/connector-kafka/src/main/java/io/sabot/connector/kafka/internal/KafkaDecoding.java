package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeErrors;
import io.sabot.connector.spi.format.DecodeFailures;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordFailurePolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Decodes a batch of Kafka records into the physical columns of a table: values with the value format, and, when the
 * table has key columns, keys with the key format. Keys are decoded first, into vectors of their own; the values of
 * the records whose key decoded then go to the value format, straight into the table's value columns; last the key
 * columns of the surviving rows are moved (every record survived: the buffers are transferred) or copied next to
 * them. A record whose key or value does not decode adds no row, and its failure goes to the job's error policy as
 * {@code key: …} or {@code value: …}, with the record's offset; {@link #rowSource} says which record each row came
 * from, for the metadata columns.
 *
 * <p>A record without key (null) gets NULL key columns; a key the key format skips on purpose drops the record (as
 * a skipped value does). With {@code ALL} the value holds the key columns, which are read from there, and the key is
 * decoded only to check it, as Flink does.
 *
 * <p>Task thread only; every array and vector is reused from batch to batch.
 */
final class KafkaDecoding implements AutoCloseable {

    private static final int NULL_KEY = -1;
    private static final int NO_KEY_ROW = -2;

    private final KafkaLayout layout;
    private final RecordDecoder valueDecoder;
    private final RecordDecoder keyDecoder;
    private final DecodeFailures valueFailures;
    private final DecodeFailures keyFailures;
    private final DecodeErrors valueErrors;
    private final DecodeErrors keyErrors;
    private final BinaryRecords values;
    private final BinaryRecords keys;
    /** The values of the records whose key decoded, when some did not. */
    private final BinaryRecords retained;

    private final VectorSchemaRoot keyRows;
    private VectorSchemaRoot valueTarget;
    private VectorSchemaRoot target;

    private int count;
    private int nullKeys;
    /** Per key of the batch: its record; per record: its key's row, {@link #NULL_KEY} or {@link #NO_KEY_ROW}. */
    private int[] keyRecord = new int[64];

    private int[] keyRow = new int[64];
    /** Per value given to the value format: its record, when not the identity. */
    private int[] retainedRecord = new int[64];
    /** Per row decoded: its record. */
    private int[] rowSource = new int[64];

    KafkaDecoding(
            TableContext table,
            KafkaLayout layout,
            String valueFormatKey,
            RecordFailurePolicy policy,
            BufferAllocator allocator,
            int capacity) {
        this.layout = layout;
        this.values = new BinaryRecords(capacity);
        if (layout.hasKey()) {
            this.valueDecoder = table.createDecoder(valueFormatKey, layout.valueSchema());
            this.keyDecoder = table.createDecoder(KafkaOptions.KEY_FORMAT.key(), layout.keySchema());
            this.valueFailures = new DecodeFailures("offset", "record value", policy);
            this.keyFailures = new DecodeFailures("offset", "record key", policy);
            this.valueErrors = prefixed(valueFailures, "value: ");
            this.keyErrors = prefixed(keyFailures, "key: ");
            this.keys = new BinaryRecords(capacity);
            this.retained = new BinaryRecords(capacity);
            this.keyRows = VectorSchemaRoot.create(layout.keySchema(), allocator);
        } else {
            this.valueDecoder = table.createDecoder(valueFormatKey);
            this.valueFailures = new DecodeFailures("offset", "record", policy);
            this.valueErrors = valueFailures;
            this.keyDecoder = null;
            this.keyFailures = null;
            this.keyErrors = null;
            this.keys = null;
            this.retained = null;
            this.keyRows = null;
        }
    }

    private static DecodeErrors prefixed(DecodeFailures failures, String prefix) {
        return new DecodeErrors() {
            @Override
            public void onError(int index, String message) {
                failures.onError(index, prefix + message);
            }

            @Override
            public void onSkipped(int index) {
                failures.onSkipped(index);
            }
        };
    }

    /** Binds the reader's physical vectors: the value format decodes into them (those of the value columns). */
    void bind(VectorSchemaRoot physical) {
        target = physical;
        if (layout.valueColumns().length == physical.getFieldVectors().size()) {
            valueTarget = physical;
            return;
        }
        List<Field> fields = new ArrayList<>();
        List<FieldVector> vectors = new ArrayList<>();
        for (int c : layout.valueColumns()) {
            vectors.add(physical.getVector(c));
            fields.add(physical.getSchema().getFields().get(c));
        }
        valueTarget = new VectorSchemaRoot(fields, vectors, 0);
    }

    /** Forgets the previous batch. */
    void clear() {
        values.clear();
        count = 0;
        nullKeys = 0;
        if (keys != null) {
            keys.clear();
        }
    }

    int count() {
        return count;
    }

    /** Adds a record with a value; {@code key} is ignored by a table without key columns. */
    void add(byte[] key, byte[] value, long offset) {
        values.add(value, 0, value.length, offset);
        if (keys != null) {
            if (keyRow.length == count) {
                keyRow = Arrays.copyOf(keyRow, count * 2);
            }
            if (key == null) {
                keyRow[count] = NULL_KEY;
                nullKeys++;
            } else {
                int k = keys.count();
                if (keyRecord.length == k) {
                    keyRecord = Arrays.copyOf(keyRecord, k * 2);
                }
                keyRecord[k] = count;
                keys.add(key, 0, key.length, offset);
            }
        }
        count++;
    }

    /**
     * Adds a tombstone (a record of an upsert topic without value): {@link #decodeTombstones} makes it a row of its
     * key columns. Call only on a batch of tombstones.
     */
    void addTombstone(byte[] key, long offset) {
        int k = keys.count();
        if (keyRecord.length == k) {
            keyRecord = Arrays.copyOf(keyRecord, k * 2);
        }
        if (keyRow.length == count) {
            keyRow = Arrays.copyOf(keyRow, count * 2);
        }
        keyRecord[k] = count;
        keys.add(key, 0, key.length, offset);
        count++;
    }

    /**
     * Decodes the keys of the tombstones added since {@link #clear} into the key columns of the bound physical
     * vectors, the other columns null; a key that does not decode adds no row and goes to the error policy.
     *
     * @return the rows decoded
     */
    int decodeTombstones(String splitId) {
        keyRows.setRowCount(0);
        keyFailures.reset(keys, splitId);
        keyDecoder.decode(keys, keyRows, keyErrors);
        int rows = keyRows.getRowCount();
        if (rowSource.length < rows) {
            rowSource = new int[Math.max(rows, rowSource.length * 2)];
        }
        int rejected = keyFailures.rejectedCount();
        for (int i = 0, next = 0, r = 0; i < keys.count(); i++) {
            if (next < rejected && keyFailures.rejected(next) == i) {
                next++;
            } else if (r < rows) {
                rowSource[r++] = keyRecord[i];
            }
        }
        int[] key = layout.keyColumns();
        for (int c = 0; c < target.getFieldVectors().size(); c++) {
            FieldVector to = target.getVector(c);
            int k = indexOf(key, c);
            if (k >= 0) {
                keyRows.getVector(k).makeTransferPair(to).transfer();
            } else {
                to.setInitialCapacity(Math.max(rows, 1));
                to.allocateNew();
                for (int r = 0; r < rows; r++) {
                    while (r >= to.getValueCapacity()) {
                        to.reAlloc();
                    }
                    to.setNull(r);
                }
                to.setValueCount(rows);
            }
        }
        target.setRowCount(rows);
        if (valueTarget != target) {
            valueTarget.setRowCount(rows);
        }
        return rows;
    }

    private static int indexOf(int[] columns, int column) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] == column) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reports a record of an upsert topic without key as a key failure of a batch of its own: its row cannot be
     * addressed by the primary key, and is not dropped silently. Call on a cleared batch, and decode nothing before
     * the next {@link #clear}.
     */
    void keyless(long offset, String splitId) {
        keys.add(new byte[0], 0, 0, offset);
        keyFailures.reset(keys, splitId);
        keyFailures.onError(0, "key: the record has no key, but an upsert-kafka record is keyed by the primary key");
        keys.clear();
    }

    /**
     * Decodes the records added since {@link #clear} into the bound physical vectors and sets their row count.
     *
     * @return the rows decoded
     */
    int decode(String splitId) {
        boolean keyRejected = false;
        if (keys != null) {
            keyRows.setRowCount(0);
            keyFailures.reset(keys, splitId);
            keyDecoder.decode(keys, keyRows, keyErrors);
            int rejected = keyFailures.rejectedCount();
            int next = 0;
            for (int i = 0, r = 0; i < keys.count(); i++) {
                if (next < rejected && keyFailures.rejected(next) == i) {
                    next++;
                    keyRow[keyRecord[i]] = NO_KEY_ROW;
                } else {
                    keyRow[keyRecord[i]] = r++;
                }
            }
            keyRejected = rejected > 0;
        }
        BinaryRecords batch = values;
        if (keyRejected) {
            retained.clear();
            if (retainedRecord.length < count) {
                retainedRecord = new int[Math.max(count, retainedRecord.length * 2)];
            }
            for (int j = 0; j < count; j++) {
                if (keyRow[j] != NO_KEY_ROW) {
                    retainedRecord[retained.count()] = j;
                    retained.add(values.data(j), values.offset(j), values.length(j), values.position(j));
                }
            }
            batch = retained;
        }
        valueTarget.setRowCount(0);
        valueFailures.reset(batch, splitId);
        valueDecoder.decode(batch, valueTarget, valueErrors);
        int rows = valueTarget.getRowCount();
        if (rowSource.length < rows) {
            rowSource = new int[Math.max(rows, rowSource.length * 2)];
        }
        int rejected = valueFailures.rejectedCount();
        int r = 0;
        for (int i = 0, next = 0; i < batch.count(); i++) {
            if (next < rejected && valueFailures.rejected(next) == i) {
                next++;
            } else if (r < rows) {
                rowSource[r++] = keyRejected ? retainedRecord[i] : i;
            } else {
                r++;
            }
        }
        if (r != rows) {
            throw new IllegalStateException("the value format decoded " + rows + " rows from " + batch.count()
                    + " records but reported " + rejected + " without a row: Kafka tables need a format that reports "
                    + "the records it skips");
        }
        if (keys != null && !layout.valueHoldsKey()) {
            fillKeyColumns(rows, !keyRejected && rejected == 0 && nullKeys == 0);
        }
        if (target != valueTarget) {
            target.setRowCount(rows);
        }
        return rows;
    }

    /** Puts each row's key next to its value: by transfer when every record became a row, else row by row. */
    private void fillKeyColumns(int rows, boolean aligned) {
        int[] key = layout.keyColumns();
        if (aligned && keyRows.getRowCount() == rows) {
            for (int c = 0; c < key.length; c++) {
                keyRows.getVector(c).makeTransferPair(target.getVector(key[c])).transfer();
            }
            return;
        }
        for (int c = 0; c < key.length; c++) {
            FieldVector from = keyRows.getVector(c);
            FieldVector to = target.getVector(key[c]);
            to.setInitialCapacity(Math.max(rows, 1));
            to.allocateNew();
            for (int r = 0; r < rows; r++) {
                int k = keyRow[rowSource[r]];
                if (k >= 0) {
                    to.copyFromSafe(k, r, from);
                } else {
                    while (r >= to.getValueCapacity()) {
                        to.reAlloc();
                    }
                    to.setNull(r);
                }
            }
            to.setValueCount(rows);
        }
    }

    /**
     * Reports a record over {@code source.record.max-size} as a value failure of a batch of its own (the format never
     * sees it); {@link #throwIfAny} then throws when the policy leaves it to fail. Call on a cleared batch, and decode
     * nothing before the next {@link #clear}.
     */
    void oversize(byte[] value, long offset, String splitId, String message) {
        values.add(value, 0, value.length, offset);
        valueFailures.reset(values, splitId);
        valueFailures.onError(0, message);
        values.clear();
    }

    /** The record that row {@code row} of the last {@link #decode} came from, as its index among those added. */
    int rowSource(int row) {
        return rowSource[row];
    }

    /** Throws when records of the batch did not decode and the policy left them to fail. */
    void throwIfAny(String where) {
        if (keyFailures != null) {
            keyFailures.throwIfAny(where);
        }
        valueFailures.throwIfAny(where);
    }

    @Override
    public void close() {
        if (keyRows != null) {
            keyRows.close();
        }
    }
}
