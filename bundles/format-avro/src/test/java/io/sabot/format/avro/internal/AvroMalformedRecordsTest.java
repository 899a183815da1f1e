package io.sabot.format.avro.internal;

import static io.sabot.format.avro.internal.TestFormat.row;
import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.Test;

/**
 * Records that are not Avro of the table's schema are reported to the runtime's {@code DecodeErrors}, one message per
 * record naming the field and the byte, and add no row; the good records around them decode as if alone.
 */
public class AvroMalformedRecordsTest {

    static final Schema TABLE = TestFormat.schema(
            "id", TestFormat.BIGINT,
            "tiny", TestFormat.TINYINT,
            "flag", TestFormat.BOOLEAN,
            "name", TestFormat.STRING,
            "amount", TestFormat.decimal(5, 2),
            "t", TestFormat.TIME);

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    public void eachBrokenRecordIsReportedNamingFieldAndByte_theOthersDecode() {
        try (TestFormat format = new TestFormat(TABLE)) {
            List<List<Object>> rows = List.of(
                    row(1L, (byte) 2, true, "ok", new BigDecimal("1.50"), java.time.LocalTime.NOON),
                    row(null, null, null, null, null, null));
            List<byte[]> good = format.encode(rows);
            byte[] first = good.get(0);
            List<byte[]> input = new ArrayList<>();
            input.add(first);
            input.add(new byte[0]); // 1: empty
            input.add(Arrays.copyOf(first, first.length - 2)); // 2: cut short inside the time
            byte[] trailing = Arrays.copyOf(first, first.length + 3);
            input.add(trailing); // 3: bytes after the last field
            input.add(bytes(4)); // 4: union branch 2 of a 2-branch union
            input.add(bytes(2, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)); // 5: 11-byte long
            input.add(bytes(2, 2, 2, 0xD8, 0x04)); // 6: tiny = 300
            input.add(bytes(2, 2, 2, 2, 2, 7)); // 7: boolean byte 7
            input.add(bytes(2, 2, 2, 2, 2, 1, 2, 3)); // 8: string length -2
            input.add(bytes(2, 2, 2, 2, 2, 1, 2, 2, 0x41, 2, 6, 0x7F, 0xFF, 0xFF)); // 9: 8388607 has 7 digits > 5
            input.add(
                    bytes(2, 2, 2, 2, 2, 1, 2, 2, 0x41, 2, 2, 0, 2, 0x80, 0xF0, 0xB2, 0x52)); // 10: time 86 400 000 ms
            input.add(good.get(1));
            List<List<Object>> decoded = format.decode(input);
            assertEquals(rows, decoded);
            assertEquals(
                    List.of(
                            "1: field 'id' at byte 0: the record ends after 0 bytes",
                            "2: field 't' at byte 14: the record ends after 17 bytes",
                            "3: at byte 19: 3 bytes left after the last field (a record of another schema?)",
                            "4: field 'id' at byte 0: union branch 2, the field's union has 2",
                            "5: field 'id' at byte 0: a long of more than 10 bytes",
                            "6: field 'tiny' at byte 2: 300 is out of range for TINYINT",
                            "7: field 'flag' at byte 4: boolean byte 7, expected 0 or 1",
                            "8: field 'name' at byte 6: a length of -2",
                            "9: field 'amount' at byte 9: 83886.07 does not fit DECIMAL(5, 2)",
                            "10: field 't' at byte 12: time of day 86400000 ms is outside 0 to 86399999"),
                    format.errors);
        }
    }

    /** A batch that is all errors adds no row; one after it starts clean. */
    @Test
    public void aBatchOfBrokenRecordsAddsNoRow() {
        try (TestFormat format = new TestFormat(TABLE)) {
            assertEquals(List.of(), format.decode(List.of(bytes(1), bytes(0x80))));
            assertEquals(2, format.errors.size());
            List<List<Object>> rows = List.of(row(5L, (byte) -1, false, "", new BigDecimal("-999.99"), null));
            assertEquals(rows, format.decode(format.encode(rows)));
            assertEquals(List.of(), format.errors);
        }
    }
}
