package io.sabot.connector.nexmark.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable, growable string of ASCII bytes: the generator writes every text field into one of these, so that
 * generating an event allocates nothing once the buffers have grown. Every character the generator produces is
 * ASCII, so the bytes are also the field's UTF-8 encoding.
 *
 * <p>The content is valid until the generator next writes the record that owns it. Not thread-safe.
 */
public final class AsciiString implements CharSequence {

    private byte[] bytes = new byte[32];
    private int length;

    /** The backing array; bytes {@code 0 … length() - 1} are the content. Do not modify it. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " of " + length);
        }
        return (char) bytes[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    /** A new {@link String} with the content. */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code other} holds the same characters. */
    public boolean contentEquals(CharSequence other) {
        if (other.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (other.charAt(i) != (char) bytes[i]) {
                return false;
            }
        }
        return true;
    }

    void clear() {
        length = 0;
    }

    void append(char c) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, length * 2);
        }
        bytes[length++] = (byte) c;
    }

    void append(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, bytes, length, ascii.length);
        length += ascii.length;
    }

    /** Appends {@code value} in decimal. */
    void append(long value) {
        if (value < 0) {
            append('-');
            if (value == Long.MIN_VALUE) {
                append(Long.toString(value).substring(1).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    /** Appends {@code value} (0 to 9999) as four digits with leading zeros, as {@code String.format("%04d")}. */
    void appendFourDigits(int value) {
        ensure(4);
        bytes[length] = (byte) ('0' + value / 1000);
        bytes[length + 1] = (byte) ('0' + value / 100 % 10);
        bytes[length + 2] = (byte) ('0' + value / 10 % 10);
        bytes[length + 3] = (byte) ('0' + value % 10);
        length += 4;
    }

    /** Removes the leading and trailing characters up to space from the part written since {@code from}. */
    void trimFrom(int from) {
        int start = from;
        int end = length;
        while (start < end && bytes[start] <= ' ') {
            start++;
        }
        while (end > start && bytes[end - 1] <= ' ') {
            end--;
        }
        if (start > from) {
            System.arraycopy(bytes, start, bytes, from, end - start);
        }
        length = from + (end - start);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
