package io.sabot.runtime.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of a result as text cells, compared the way the conformance README asks: as multisets, integers and text
 * exactly, other numbers within 1e-9 (relative or absolute), timestamps normalised to {@code yyyy-MM-dd
 * HH:mm:ss.SSS}, an empty cell as NULL. Column names are not compared.
 */
final class ResultTable {

    static final double TOLERANCE = 1e-9;

    final List<String> header;
    final List<List<String>> rows;

    ResultTable(List<String> header, List<List<String>> rows) {
        this.header = header;
        this.rows = rows;
    }

    /** Reads a CSV file with a header line, RFC 4180 quoting. */
    static ResultTable readCsv(Path file) throws IOException {
        List<List<String>> records = parseCsv(Files.readString(file, StandardCharsets.UTF_8));
        return new ResultTable(records.get(0), records.subList(1, records.size()));
    }

    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || cell.length() > 0) {
                    record.add(cell.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                cell.setLength(0);
                any = false;
            } else {
                cell.append(c);
                any = true;
            }
        }
        if (any || cell.length() > 0) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }

    /**
     * The differences between an expected and an actual result, empty when they are equal as multisets: rows
     * missing from the actual result and rows it has in excess (at most {@code limit} of each).
     */
    static List<String> differences(ResultTable expected, ResultTable actual, int limit) {
        List<String> problems = new ArrayList<>();
        if (!expected.rows.isEmpty()
                && !actual.rows.isEmpty()
                && expected.rows.get(0).size() != actual.rows.get(0).size()) {
            problems.add("expected " + expected.rows.get(0).size() + " columns " + expected.header + ", got "
                    + actual.rows.get(0).size() + " " + actual.header);
            return problems;
        }
        // Bucket by the cells compared exactly, then match the approximate cells within a bucket.
        Map<String, List<List<String>>> buckets = new HashMap<>();
        for (List<String> row : actual.rows) {
            buckets.computeIfAbsent(exactKey(row), k -> new ArrayList<>()).add(row);
        }
        List<List<String>> missing = new ArrayList<>();
        for (List<String> row : expected.rows) {
            List<List<String>> candidates = buckets.get(exactKey(row));
            int match = -1;
            if (candidates != null) {
                for (int i = 0; i < candidates.size() && match < 0; i++) {
                    if (approximatelyEqual(row, candidates.get(i))) {
                        match = i;
                    }
                }
            }
            if (match >= 0) {
                candidates.remove(match);
            } else {
                missing.add(row);
            }
        }
        List<List<String>> extra = new ArrayList<>();
        buckets.values().forEach(extra::addAll);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            problems.add(expected.rows.size() + " rows expected, " + actual.rows.size() + " produced; " + missing.size()
                    + " missing, " + extra.size() + " unexpected");
            missing.stream().limit(limit).forEach(r -> problems.add("missing:    " + r));
            extra.stream().limit(limit).forEach(r -> problems.add("unexpected: " + r));
        }
        return problems;
    }

    private static String exactKey(List<String> row) {
        StringBuilder key = new StringBuilder();
        for (String cell : row) {
            String normal = normalise(cell);
            key.append(isApproximate(normal) ? "~" : normal).append('\u0001');
        }
        return key.toString();
    }

    private static boolean approximatelyEqual(List<String> expected, List<String> actual) {
        for (int i = 0; i < expected.size(); i++) {
            String e = normalise(expected.get(i));
            String a = normalise(actual.get(i));
            if (isApproximate(e) || isApproximate(a)) {
                if (!isNumber(e) || !isNumber(a)) {
                    return false;
                }
                double x = Double.parseDouble(e);
                double y = Double.parseDouble(a);
                double diff = Math.abs(x - y);
                if (diff > TOLERANCE && diff > TOLERANCE * Math.max(Math.abs(x), Math.abs(y))) {
                    return false;
                }
            } else if (!e.equals(a)) {
                return false;
            }
        }
        return true;
    }

    /** Timestamps to millisecond precision with a space separator; other cells as they are. */
    static String normalise(String cell) {
        if (cell.length() >= 19 && cell.charAt(4) == '-' && cell.charAt(7) == '-' && cell.charAt(13) == ':') {
            String t = cell.replace('T', ' ');
            if (t.length() == 19) {
                return t + ".000";
            }
            if (t.length() > 20 && t.length() < 23) {
                return t + "0".repeat(23 - t.length());
            }
            return t.length() > 23 ? t.substring(0, 23) : t;
        }
        return cell;
    }

    /** Numbers that are not integers are compared with a tolerance. */
    private static boolean isApproximate(String cell) {
        return isNumber(cell) && (cell.indexOf('.') >= 0 || cell.indexOf('E') >= 0 || cell.indexOf('e') >= 0);
    }

    private static boolean isNumber(String cell) {
        if (cell.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(cell);
            return Character.isDigit(cell.charAt(cell.length() - 1)) || cell.endsWith("Infinity");
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
