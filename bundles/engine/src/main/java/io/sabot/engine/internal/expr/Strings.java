package io.sabot.engine.internal.expr;

import io.sabot.engine.internal.column.BoolColumn;
import io.sabot.engine.internal.column.Column;
import io.sabot.engine.internal.column.LongColumn;
import io.sabot.engine.internal.column.StringColumn;
import io.sabot.plan.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String functions over UTF-8 bytes. ASCII rows take byte-level fast paths; only rows with other characters are
 * decoded where a function needs characters (case mapping).
 */
final class Strings {

    private Strings() {}

    /** The number of code points in {@code bytes[from, to)}. */
    static int charCount(byte[] b, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                count++;
            }
        }
        return count;
    }

    /** The byte offset of the {@code chars}-th code point from {@code from} (or {@code to}). */
    static int offsetOfChar(byte[] b, int from, int to, int chars) {
        int at = from;
        while (chars > 0 && at < to) {
            at = LikeMatcher.nextChar(b, at, to);
            chars--;
        }
        return at;
    }

    /** The byte length of the first {@code maxChars} characters. */
    static int prefixBytes(byte[] b, int from, int len, int maxChars) {
        return offsetOfChar(b, from, from + len, maxChars) - from;
    }

    static int indexOf(byte[] hay, int from, int to, byte[] needle, int nFrom, int nLen) {
        if (nLen == 0) {
            return from;
        }
        byte first = needle[nFrom];
        int last = to - nLen;
        for (int i = from; i <= last; i++) {
            if (hay[i] == first && Arrays.equals(hay, i, i + nLen, needle, nFrom, nFrom + nLen)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAscii(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** UPPER and LOWER. */
    static final class CaseMap extends Evaluator {
        private final Evaluator operand;
        private final boolean upper;
        private final StringColumn out = new StringColumn();

        CaseMap(DataType type, String text, Evaluator operand, boolean upper) {
            super(type, text);
            this.operand = operand;
            this.upper = upper;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn s = (StringColumn) operand.evaluate(input, active);
            int n = input.rowCount();
            out.beginWrite(n);
            for (int i = 0; i < n; i++) {
                if (s.isNull(i)) {
                    out.addNull();
                    continue;
                }
                int from = s.offsets[i];
                int to = s.offsets[i + 1];
                if (isAscii(s.bytes, from, to)) {
                    out.ensureBytes(out.writePosition() + (to - from));
                    byte[] o = out.bytes;
                    int at = out.writePosition();
                    for (int k = from; k < to; k++) {
                        byte c = s.bytes[k];
                        if (upper && c >= 'a' && c <= 'z') {
                            c -= 32;
                        } else if (!upper && c >= 'A' && c <= 'Z') {
                            c += 32;
                        }
                        o[at++] = c;
                    }
                    out.advance(to - from);
                } else {
                    String v = s.toString(i);
                    out.appendString(upper ? v.toUpperCase(Locale.ROOT) : v.toLowerCase(Locale.ROOT));
                }
                out.endRow();
            }
            return out;
        }
    }

    /** {@code SUBSTRING(s, start [, length])} with Flink's rules: 1-based, negative start counts from the end. */
    static final class Substring extends Evaluator {
        private final Evaluator string;
        private final Evaluator start;
        private final Evaluator length;
        private final StringColumn out = new StringColumn();

        Substring(DataType type, String text, Evaluator string, Evaluator start, Evaluator length) {
            super(type, text);
            this.string = string;
            this.start = start;
            this.length = length;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn s = (StringColumn) string.evaluate(input, active);
            LongColumn p = (LongColumn) start.evaluate(input, active);
            LongColumn l = length == null ? null : (LongColumn) length.evaluate(input, active);
            int n = input.rowCount();
            out.beginWrite(n);
            for (int i = 0; i < n; i++) {
                if (s.isNull(i) || p.isNull(i) || (l != null && (l.isNull(i) || l.values[i] < 0))) {
                    out.addNull();
                    continue;
                }
                int from = s.offsets[i];
                int to = s.offsets[i + 1];
                boolean ascii = isAscii(s.bytes, from, to);
                long chars = ascii ? to - from : charCount(s.bytes, from, to);
                long pos = p.values[i];
                long first;
                if (pos > 0) {
                    first = pos - 1;
                } else if (pos < 0) {
                    first = chars + pos;
                } else {
                    first = 0;
                }
                if (first < 0 || first >= chars) {
                    out.add(s.bytes, 0, 0);
                    continue;
                }
                long last = l == null || chars - first < l.values[i] ? chars : first + l.values[i];
                int b0 = ascii ? from + (int) first : offsetOfChar(s.bytes, from, to, (int) first);
                int b1 = ascii ? from + (int) last : offsetOfChar(s.bytes, b0, to, (int) (last - first));
                out.add(s.bytes, b0, b1 - b0);
            }
            return out;
        }
    }

    /** {@code CONCAT(s1, s2, …)} and {@code ||}: NULL if any operand is NULL. */
    static final class Concat extends Evaluator {
        private final Evaluator[] operands;
        private final StringColumn[] values;
        private final StringColumn out = new StringColumn();

        Concat(DataType type, String text, List<Evaluator> operands) {
            super(type, text);
            this.operands = operands.toArray(new Evaluator[0]);
            this.values = new StringColumn[this.operands.length];
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            for (int k = 0; k < operands.length; k++) {
                values[k] = (StringColumn) operands[k].evaluate(input, active);
            }
            int n = input.rowCount();
            out.beginWrite(n);
            rows:
            for (int i = 0; i < n; i++) {
                for (StringColumn v : values) {
                    if (v.isNull(i)) {
                        out.addNull();
                        continue rows;
                    }
                }
                for (StringColumn v : values) {
                    out.appendPart(v.bytes, v.offsets[i], v.offsets[i + 1] - v.offsets[i]);
                }
                out.endRow();
            }
            return out;
        }
    }

    /** CHAR_LENGTH. */
    static final class CharLength extends Evaluator {
        private final Evaluator operand;
        private final LongColumn out = new LongColumn();

        CharLength(DataType type, String text, Evaluator operand) {
            super(type, text);
            this.operand = operand;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn s = (StringColumn) operand.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(s);
            for (int i = 0; i < n; i++) {
                out.values[i] = charCount(s.bytes, s.offsets[i], s.offsets[i + 1]);
            }
            return out;
        }
    }

    /** {@code POSITION(needle IN haystack)}: 1-based character index, 0 when absent. */
    static final class Position extends Evaluator {
        private final Evaluator needle;
        private final Evaluator haystack;
        private final LongColumn out = new LongColumn();

        Position(DataType type, String text, Evaluator needle, Evaluator haystack) {
            super(type, text);
            this.needle = needle;
            this.haystack = haystack;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn a = (StringColumn) needle.evaluate(input, active);
            StringColumn h = (StringColumn) haystack.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            out.copyNulls(a, h);
            for (int i = 0; i < n; i++) {
                int from = h.offsets[i];
                int at = indexOf(h.bytes, from, h.offsets[i + 1], a.bytes, a.offsets[i], a.length(i));
                out.values[i] = at < 0 ? 0 : charCount(h.bytes, from, at) + 1;
            }
            return out;
        }
    }

    /** {@code TRIM(mode, characters, s)}: removes any of the characters from one or both ends. */
    static final class Trim extends Evaluator {
        private final boolean leading;
        private final boolean trailing;
        private final Evaluator characters;
        private final Evaluator string;
        private final StringColumn out = new StringColumn();

        Trim(DataType type, String text, String mode, Evaluator characters, Evaluator string) {
            super(type, text);
            String m = mode.toUpperCase(Locale.ROOT);
            this.leading = !m.equals("TRAILING");
            this.trailing = !m.equals("LEADING");
            this.characters = characters;
            this.string = string;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn c = (StringColumn) characters.evaluate(input, active);
            StringColumn s = (StringColumn) string.evaluate(input, active);
            int n = input.rowCount();
            out.beginWrite(n);
            for (int i = 0; i < n; i++) {
                if (s.isNull(i) || c.isNull(i)) {
                    out.addNull();
                    continue;
                }
                int from = s.offsets[i];
                int to = s.offsets[i + 1];
                int cFrom = c.offsets[i];
                int cTo = c.offsets[i + 1];
                if (leading) {
                    while (from < to) {
                        int next = LikeMatcher.nextChar(s.bytes, from, to);
                        if (!contains(c.bytes, cFrom, cTo, s.bytes, from, next - from)) {
                            break;
                        }
                        from = next;
                    }
                }
                if (trailing) {
                    while (to > from) {
                        int prev = to - 1;
                        while (prev > from && (s.bytes[prev] & 0xC0) == 0x80) {
                            prev--;
                        }
                        if (!contains(c.bytes, cFrom, cTo, s.bytes, prev, to - prev)) {
                            break;
                        }
                        to = prev;
                    }
                }
                out.add(s.bytes, from, to - from);
            }
            return out;
        }

        /** Whether the character {@code ch[at, at+len)} is one of the characters in {@code set[from, to)}. */
        private static boolean contains(byte[] set, int from, int to, byte[] ch, int at, int len) {
            for (int k = from; k < to; k = LikeMatcher.nextChar(set, k, to)) {
                int clen = LikeMatcher.nextChar(set, k, to) - k;
                if (clen == len && Arrays.equals(set, k, k + clen, ch, at, at + len)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code REPLACE(s, search, replacement)}: every non-overlapping occurrence, left to right. */
    static final class Replace extends Evaluator {
        private final Evaluator string;
        private final Evaluator search;
        private final Evaluator replacement;
        private final StringColumn out = new StringColumn();

        Replace(DataType type, String text, Evaluator string, Evaluator search, Evaluator replacement) {
            super(type, text);
            this.string = string;
            this.search = search;
            this.replacement = replacement;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn s = (StringColumn) string.evaluate(input, active);
            StringColumn f = (StringColumn) search.evaluate(input, active);
            StringColumn r = (StringColumn) replacement.evaluate(input, active);
            int n = input.rowCount();
            out.beginWrite(n);
            for (int i = 0; i < n; i++) {
                if (s.isNull(i) || f.isNull(i) || r.isNull(i)) {
                    out.addNull();
                    continue;
                }
                int from = s.offsets[i];
                int to = s.offsets[i + 1];
                int fLen = f.length(i);
                if (fLen == 0) {
                    out.add(s.bytes, from, to - from);
                    continue;
                }
                int at = from;
                while (true) {
                    int hit = indexOf(s.bytes, at, to, f.bytes, f.offsets[i], fLen);
                    if (hit < 0) {
                        break;
                    }
                    out.appendPart(s.bytes, at, hit - at);
                    out.appendPart(r.bytes, r.offsets[i], r.length(i));
                    at = hit + fLen;
                }
                out.appendPart(s.bytes, at, to - at);
                out.endRow();
            }
            return out;
        }
    }

    /** {@code LIKE(s, pattern [, escape])}; a literal pattern is compiled once, others per distinct pattern. */
    static final class Like extends Evaluator {
        private final Evaluator string;
        private final Evaluator pattern;
        private final Character escape;
        private final BoolColumn out = new BoolColumn();
        private LikeMatcher matcher;
        private byte[] matcherPattern;

        Like(
                DataType type,
                String text,
                Evaluator string,
                Evaluator pattern,
                String constantPattern,
                Character escape) {
            super(type, text);
            this.string = string;
            this.pattern = pattern;
            this.escape = escape;
            if (constantPattern != null) {
                matcher = new LikeMatcher(constantPattern, escape);
            }
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn s = (StringColumn) string.evaluate(input, active);
            int n = input.rowCount();
            out.reset(n);
            boolean[] o = out.values;
            if (pattern == null) {
                for (int i = 0; i < n; i++) {
                    o[i] = matcher.matches(s.bytes, s.offsets[i], s.offsets[i + 1]);
                }
                out.copyNulls(s);
                return out;
            }
            StringColumn p = (StringColumn) pattern.evaluate(input, active);
            for (int i = 0; i < n; i++) {
                if (s.isNull(i) || p.isNull(i)) {
                    continue;
                }
                int pFrom = p.offsets[i];
                int pTo = p.offsets[i + 1];
                if (matcherPattern == null
                        || !Arrays.equals(matcherPattern, 0, matcherPattern.length, p.bytes, pFrom, pTo)) {
                    matcherPattern = Arrays.copyOfRange(p.bytes, pFrom, pTo);
                    matcher = new LikeMatcher(new String(matcherPattern, StandardCharsets.UTF_8), escape);
                }
                o[i] = matcher.matches(s.bytes, s.offsets[i], s.offsets[i + 1]);
            }
            out.copyNulls(s, p);
            return out;
        }
    }

    /** {@code SPLIT_INDEX(s, delimiter, index)}: the 0-based index-th part, NULL when there is none. */
    static final class SplitIndex extends Evaluator {
        private final Evaluator string;
        private final Evaluator delimiter;
        private final Evaluator index;
        private final StringColumn out = new StringColumn();

        SplitIndex(DataType type, String text, Evaluator string, Evaluator delimiter, Evaluator index) {
            super(type, text);
            this.string = string;
            this.delimiter = delimiter;
            this.index = index;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn s = (StringColumn) string.evaluate(input, active);
            StringColumn d = (StringColumn) delimiter.evaluate(input, active);
            LongColumn k = (LongColumn) index.evaluate(input, active);
            int n = input.rowCount();
            out.beginWrite(n);
            for (int i = 0; i < n; i++) {
                if (s.isNull(i) || d.isNull(i) || k.isNull(i) || k.values[i] < 0) {
                    out.addNull();
                    continue;
                }
                int from = s.offsets[i];
                int to = s.offsets[i + 1];
                int dLen = d.length(i);
                long want = k.values[i];
                int partStart = from;
                int part = 0;
                int found = -1;
                while (true) {
                    int hit = dLen == 0 ? -1 : indexOf(s.bytes, partStart, to, d.bytes, d.offsets[i], dLen);
                    int partEnd = hit < 0 ? to : hit;
                    if (part == want) {
                        found = partEnd;
                        break;
                    }
                    if (hit < 0) {
                        break;
                    }
                    partStart = hit + dLen;
                    part++;
                }
                if (found < 0) {
                    out.addNull();
                } else {
                    out.add(s.bytes, partStart, found - partStart);
                }
            }
            return out;
        }
    }

    /**
     * {@code REGEXP_EXTRACT(s, regex [, group])}: the group of the first match, NULL when nothing matches. A literal
     * regex is compiled once, and one {@link Matcher} is reused over ASCII rows through a byte-backed sequence.
     */
    static final class RegexpExtract extends Evaluator {
        private final Evaluator string;
        private final Evaluator regex;
        private final Evaluator group;
        private final StringColumn out = new StringColumn();
        private final AsciiSequence sequence = new AsciiSequence();
        private Pattern pattern;
        private Matcher matcher;
        private String patternText;

        RegexpExtract(
                DataType type, String text, Evaluator string, Evaluator regex, String constantRegex, Evaluator group) {
            super(type, text);
            this.string = string;
            this.regex = regex;
            this.group = group;
            if (constantRegex != null) {
                compile(constantRegex);
            }
        }

        private void compile(String text) {
            try {
                pattern = Pattern.compile(text);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "invalid regular expression in " + this.text + ": " + e.getDescription());
            }
            matcher = pattern.matcher("");
            patternText = text;
        }

        @Override
        public Column evaluate(EvalInput input, boolean[] active) {
            StringColumn s = (StringColumn) string.evaluate(input, active);
            StringColumn r = regex == null ? null : (StringColumn) regex.evaluate(input, active);
            LongColumn g = group == null ? null : (LongColumn) group.evaluate(input, active);
            int n = input.rowCount();
            out.beginWrite(n);
            for (int i = 0; i < n; i++) {
                if (s.isNull(i) || (r != null && r.isNull(i)) || (g != null && g.isNull(i))) {
                    out.addNull();
                    continue;
                }
                if (r != null) {
                    String text = r.toString(i);
                    if (!text.equals(patternText)) {
                        compile(text);
                    }
                }
                int from = s.offsets[i];
                int to = s.offsets[i + 1];
                CharSequence value;
                boolean ascii = isAscii(s.bytes, from, to);
                if (ascii) {
                    sequence.reset(s.bytes, from, to);
                    value = sequence;
                } else {
                    value = s.toString(i);
                }
                matcher.reset(value);
                long wanted = g == null ? 1 : g.values[i];
                if (!matcher.find() || wanted < 0 || wanted > matcher.groupCount()) {
                    out.addNull();
                    continue;
                }
                int gs = matcher.start((int) wanted);
                int ge = matcher.end((int) wanted);
                if (gs < 0) {
                    out.addNull();
                } else if (ascii) {
                    out.add(s.bytes, from + gs, ge - gs);
                } else {
                    out.appendString(value.subSequence(gs, ge).toString());
                    out.endRow();
                }
            }
            matcher.reset("");
            return out;
        }
    }

    /** A CharSequence view of ASCII bytes, reused row after row. */
    static final class AsciiSequence implements CharSequence {
        private byte[] bytes;
        private int from;
        private int to;

        void reset(byte[] b, int start, int end) {
            this.bytes = b;
            this.from = start;
            this.to = end;
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            return (char) bytes[from + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, from + start, end - start, StandardCharsets.US_ASCII);
        }

        @Override
        public String toString() {
            return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
        }
    }
}
