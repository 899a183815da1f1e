package io.sabot.format.text;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.Test;

/** The hand-written calendar and number code agrees with java.time and the JDK's parsers. */
public class TextTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    public void datesAgreeWithJavaTimeFromYearZeroToNineThousandNineHundredNinetyNine() {
        TextParser parser = new TextParser();
        Bytes out = new Bytes(16);
        long first = LocalDate.of(0, 1, 1).toEpochDay();
        long last = LocalDate.of(9999, 12, 31).toEpochDay();
        long denseFrom = LocalDate.of(1896, 1, 1).toEpochDay();
        long denseTo = LocalDate.of(2104, 12, 31).toEpochDay();
        // every day around today's dates and the century rules, every 13th day elsewhere, and both ends
        for (long day = first; day <= last; day += (day >= denseFrom && day <= denseTo) || day + 13 > last ? 1 : 13) {
            LocalDate date = LocalDate.ofEpochDay(day);
            String text = String.format("%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
            out.clear();
            out.writeDate(day);
            assertEquals(text, new String(out.array, 0, out.length, StandardCharsets.US_ASCII));
            byte[] bytes = ascii(text);
            assertTrue(text, parser.parseDate(bytes, 0, bytes.length));
            assertEquals(text, day, parser.longValue);
        }
    }

    @Test
    public void timestampsAgreeWithJavaTime() {
        TextParser parser = new TextParser();
        Bytes out = new Bytes(32);
        Random random = new Random(7);
        long min = LocalDateTime.of(1, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        long max = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            long millis = min + (long) (random.nextDouble() * (max - min));
            LocalDateTime t = LocalDateTime.ofEpochSecond(
                    Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
            String expected = String.format(
                    "%04d-%02d-%02d %02d:%02d:%02d.%03d",
                    t.getYear(),
                    t.getMonthValue(),
                    t.getDayOfMonth(),
                    t.getHour(),
                    t.getMinute(),
                    t.getSecond(),
                    t.getNano() / 1_000_000);
            out.clear();
            out.writeTimestamp(millis, ' ');
            String written = new String(out.array, 0, out.length, StandardCharsets.US_ASCII);
            assertEquals(expected, written);
            byte[] bytes = ascii(written);
            assertTrue(written, parser.parseTimestamp(bytes, 0, bytes.length));
            assertEquals(written, millis, parser.longValue);
        }
    }

    @Test
    public void integersAtTheLimits() {
        TextParser parser = new TextParser();
        for (String text : new String[] {"9223372036854775807", "-9223372036854775808", "0", "-0", "+12"}) {
            byte[] b = ascii(text);
            assertTrue(text, parser.parseLong(b, 0, b.length, Long.MIN_VALUE, Long.MAX_VALUE));
            assertEquals(Long.parseLong(text), parser.longValue);
        }
        for (String text : new String[] {"9223372036854775808", "-9223372036854775809", "", "-", "+", "1 2", "1_000"}) {
            byte[] b = ascii(text);
            assertFalse(text, parser.parseLong(b, 0, b.length, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    @Test
    public void doublesAgreeWithTheJdk() {
        TextParser parser = new TextParser();
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            String text;
            switch (i % 3) {
                case 0:
                    text = Double.toString(Double.longBitsToDouble(random.nextLong()));
                    break;
                case 1:
                    text = random.nextInt(1_000_000) + "." + random.nextInt(1000);
                    break;
                default:
                    text = (random.nextBoolean() ? "-" : "") + random.nextInt(100_000) + "e"
                            + (random.nextInt(60) - 30);
            }
            byte[] b = ascii(text);
            assertTrue(text, parser.parseDouble(b, 0, b.length));
            assertEquals(text, Double.parseDouble(text), parser.doubleValue, 0.0);
            if (parser.parseFloat(b, 0, b.length)) {
                assertEquals(text, Float.parseFloat(text), parser.floatValue, 0.0f);
            }
        }
    }
}
