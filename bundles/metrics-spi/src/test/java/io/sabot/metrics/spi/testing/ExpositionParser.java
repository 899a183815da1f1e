package io.sabot.metrics.spi.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written from the format's specification (no Java
 * parser of it resolves here): it rejects what Prometheus would reject or silently misread, and returns every sample.
 *
 * <p>Checked: every line ends with a newline; {@code # HELP} and {@code # TYPE} lines name valid metric names, at most
 * one of each per family, {@code TYPE} before the family's first sample; samples of one family form one group; a
 * sample's name belongs to the family declared last ({@code _count}/{@code _sum} for summaries, {@code
 * _bucket}/{@code _count}/{@code _sum} for histograms); label names are valid, not reserved, not repeated; label
 * values use only the escapes {@code \\}, {@code \"} and {@code \n}; values (and optional timestamps) parse; a summary
 * quantile sample carries a numeric {@code quantile} label, and each summary series has its {@code _sum} and {@code
 * _count}; no series appears twice.
 *
 * <p>Shared through this module's test jar: the prometheus exporter's unit tests and the runtime's scrape of a real job
 * use it.
 */
public final class ExpositionParser {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** The parsed samples by series ({@code name{label="value",…}}, labels sorted), and each family's type. */
    public record Exposition(Map<String, Double> samples, Map<String, String> types, Map<String, String> help) {
        public double value(String series) {
            Double value = samples.get(series);
            if (value == null) {
                throw new AssertionError("no series " + series + " in " + samples.keySet());
            }
            return value;
        }
    }

    public static Exposition parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Map<String, String> help = new HashMap<>();
        Set<String> closedFamilies = new HashSet<>();
        String currentFamily = null;
        int lineNumber = 0;
        String body = text.isEmpty() ? "" : text.substring(0, text.length() - 1);
        for (String line : body.isEmpty() ? new String[0] : body.split("\n", -1)) {
            lineNumber++;
            String where = "line " + lineNumber + " '" + line + "': ";
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    String family = parts[2];
                    require(METRIC_NAME.matcher(family).matches(), where + "invalid metric name");
                    if (!family.equals(currentFamily)) {
                        require(!closedFamilies.contains(family), where + "family " + family + " appears twice");
                        if (currentFamily != null) {
                            closedFamilies.add(currentFamily);
                        }
                        currentFamily = family;
                    }
                    if (parts[1].equals("HELP")) {
                        require(
                                help.put(family, unescapeHelp(parts.length == 4 ? parts[3] : "", where)) == null,
                                where + "second HELP");
                    } else {
                        require(parts.length == 4 && TYPES.contains(parts[3]), where + "unknown type");
                        require(types.put(family, parts[3]) == null, where + "second TYPE");
                        require(
                                samples.keySet().stream().noneMatch(s -> familyOf(s, family)),
                                where + "TYPE after samples");
                    }
                }
                continue;
            }
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && line.charAt(nameEnd) != ' ') {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            require(METRIC_NAME.matcher(name).matches(), where + "invalid metric name '" + name + "'");
            Map<String, String> labels = new TreeMap<>();
            int pos = nameEnd;
            if (pos < line.length() && line.charAt(pos) == '{') {
                pos = parseLabels(line, pos + 1, labels, where);
            }
            require(pos < line.length() && line.charAt(pos) == ' ', where + "no value");
            String[] rest = line.substring(pos + 1).trim().split(" +");
            require(rest.length == 1 || rest.length == 2, where + "value and at most a timestamp expected");
            double value = parseValue(rest[0], where);
            if (rest.length == 2) {
                try {
                    Long.parseLong(rest[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "invalid timestamp");
                }
            }
            String family = family(name, currentFamily, types);
            if (!family.equals(currentFamily)) {
                require(!closedFamilies.contains(family), where + "samples of " + family + " are not one group");
                if (currentFamily != null) {
                    closedFamilies.add(currentFamily);
                }
                currentFamily = family;
            }
            if ("summary".equals(types.get(family)) && name.equals(family)) {
                require(labels.containsKey("quantile"), where + "summary sample without quantile");
                parseValue(labels.get("quantile"), where);
            }
            StringBuilder series = new StringBuilder(name);
            if (!labels.isEmpty()) {
                series.append('{');
                labels.forEach((k, v) -> series.append(series.charAt(series.length() - 1) == '{' ? "" : ",")
                        .append(k)
                        .append("=\"")
                        .append(v)
                        .append('"'));
                series.append('}');
            }
            require(samples.put(series.toString(), value) == null, where + "series repeated");
        }
        // the conventions: every series of a summary has its _sum and _count beside its quantiles
        for (String series : samples.keySet()) {
            int brace = series.indexOf('{');
            String name = brace < 0 ? series : series.substring(0, brace);
            if ("summary".equals(types.get(name))) {
                String labels = brace < 0 ? "" : series.substring(brace).replaceAll("quantile=\"[^\"]*\",?", "");
                labels = labels.replace(",}", "}").equals("{}") ? "" : labels.replace(",}", "}");
                require(samples.containsKey(name + "_sum" + labels), "summary " + series + " has no _sum" + labels);
                require(samples.containsKey(name + "_count" + labels), "summary " + series + " has no _count");
            }
        }
        return new Exposition(samples, types, help);
    }

    /** The family a sample belongs to: the current one if its name fits the current type, else its own name. */
    private static String family(String name, String current, Map<String, String> types) {
        if (current != null) {
            String type = types.getOrDefault(current, "untyped");
            boolean fits =
                    switch (type) {
                        case "summary" -> name.equals(current)
                                || name.equals(current + "_sum")
                                || name.equals(current + "_count");
                        case "histogram" -> name.equals(current + "_bucket")
                                || name.equals(current + "_sum")
                                || name.equals(current + "_count");
                        default -> name.equals(current);
                    };
            if (fits) {
                return current;
            }
        }
        return name;
    }

    private static boolean familyOf(String series, String family) {
        return series.equals(family) || series.startsWith(family + "{") || series.startsWith(family + "_");
    }

    private static int parseLabels(String line, int pos, Map<String, String> labels, String where) {
        while (true) {
            require(pos < line.length(), where + "unterminated labels");
            if (line.charAt(pos) == '}') {
                return pos + 1;
            }
            int eq = line.indexOf('=', pos);
            require(eq > pos, where + "label without '='");
            String labelName = line.substring(pos, eq);
            require(LABEL_NAME.matcher(labelName).matches(), where + "invalid label name '" + labelName + "'");
            require(!labelName.startsWith("__"), where + "reserved label name '" + labelName + "'");
            require(eq + 1 < line.length() && line.charAt(eq + 1) == '"', where + "label value not quoted");
            StringBuilder value = new StringBuilder();
            int i = eq + 2;
            while (true) {
                require(i < line.length(), where + "unterminated label value");
                char c = line.charAt(i);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    require(i + 1 < line.length(), where + "dangling escape");
                    char e = line.charAt(i + 1);
                    switch (e) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new IllegalArgumentException(where + "invalid escape \\" + e);
                    }
                    i += 2;
                } else {
                    value.append(c);
                    i++;
                }
            }
            require(labels.put(labelName, value.toString()) == null, where + "label repeated: " + labelName);
            pos = i + 1;
            require(pos < line.length(), where + "unterminated labels");
            if (line.charAt(pos) == ',') {
                pos++;
            } else {
                require(line.charAt(pos) == '}', where + "expected ',' or '}' after a label");
            }
        }
    }

    private static double parseValue(String text, String where) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                require(
                        text.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?"),
                        where + "invalid value '" + text + "'");
                return Double.parseDouble(text);
        }
    }

    private static String unescapeHelp(String text, String where) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                require(i + 1 < text.length(), where + "dangling escape in HELP");
                char e = text.charAt(++i);
                require(e == '\\' || e == 'n', where + "invalid escape in HELP");
                out.append(e == 'n' ? '\n' : '\\');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
