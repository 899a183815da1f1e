package io.sabot.metrics.core.internal;

import com.codahale.metrics.MetricFilter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code include} and {@code exclude} properties: glob patterns over dotted metric names, where {@code *} matches
 * any characters within one segment, {@code **} any characters across segments, and {@code ?} one character. A
 * metric is exported when it matches an include pattern (or none are given) and no exclude pattern.
 */
final class MetricPatterns {

    private MetricPatterns() {}

    static MetricFilter filter(List<String> include, List<String> exclude) {
        List<Pattern> in = include.stream().map(MetricPatterns::compile).toList();
        List<Pattern> out = exclude.stream().map(MetricPatterns::compile).toList();
        if (in.isEmpty() && out.isEmpty()) {
            return MetricFilter.ALL;
        }
        return (name, metric) ->
                (in.isEmpty() || in.stream().anyMatch(p -> p.matcher(name).matches()))
                        && out.stream().noneMatch(p -> p.matcher(name).matches());
    }

    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^.]*");
            } else if (c == '?') {
                regex.append("[^.]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
