package io.sabot.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What one benchmark run does. Every option is read from {@code --key=value} arguments first, then from the system
 * property of the same name ({@code -Devents=…}), then its default.
 *
 * @param bids bids every query reads (the table {@code bid}), 10 million by default
 * @param parallelism subtasks per operator, the same in both engines
 * @param warmups untimed runs of each (query, source, engine) before the timed ones
 * @param repetitions timed runs of each (query, source, engine); the median is reported
 * @param queries the query names to run, in order
 * @param sources {@code csv} (a CSV file read by each engine's filesystem connector) and/or {@code memory} (the
 *     generator inside each engine's source)
 * @param engines {@code sabot} and/or {@code flink}
 * @param eventRate the events (of all kinds) per second of event time: spaces the bids' timestamps
 * @param dataDir where the CSV file is cached
 * @param checks queries whose result rows are counted on both sides afterwards (the correctness cross-check)
 * @param timeoutSeconds how long one run may take before it is cancelled and reported as a timeout
 * @param resultsFile where the Markdown results table is written as well (none if null)
 */
public record BenchmarkOptions(
        long bids,
        int parallelism,
        int warmups,
        int repetitions,
        List<String> queries,
        List<String> sources,
        List<String> engines,
        long eventRate,
        Path dataDir,
        List<String> checks,
        long timeoutSeconds,
        Path resultsFile) {

    /** Option names with their defaults and meaning, for {@code --help}. */
    static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("events", new String[] {"10000000", "bids to read (the bid table's rows)"});
        OPTIONS.put("parallelism", new String[] {"1", "subtasks per operator, both engines"});
        OPTIONS.put("warmups", new String[] {"1", "untimed runs per query, source and engine"});
        OPTIONS.put("repetitions", new String[] {"3", "timed runs per query, source and engine (median reported)"});
        OPTIONS.put("queries", new String[] {String.join(",", NexmarkQueries.NAMES), "queries to run"});
        OPTIONS.put(
                "sources", new String[] {"csv,memory", "csv (file, filesystem+csv connectors), memory (generator)"});
        OPTIONS.put("engines", new String[] {"sabot,flink", "engines to run"});
        OPTIONS.put("rate", new String[] {"100000", "events of all kinds per second of event time"});
        OPTIONS.put("dataDir", new String[] {"target/nexmark-data", "where the CSV file is cached"});
        OPTIONS.put("check", new String[] {"q2,tumble", "queries whose result rows are counted on both sides"});
        OPTIONS.put("timeout", new String[] {"1800", "seconds one run may take"});
        OPTIONS.put("results", new String[] {"target/nexmark-results.md", "Markdown results file ('' for none)"});
    }

    /** The {@code --key=value} (or {@code -Dkey=value}) arguments, each key one of {@code known}. */
    static Map<String, String> given(String[] args, java.util.Set<String> known) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            String a = arg.startsWith("--") ? arg.substring(2) : arg.startsWith("-D") ? arg.substring(2) : arg;
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
            }
            String key = a.substring(0, eq);
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "'; options: " + known);
            }
            given.put(key, a.substring(eq + 1));
        }
        return given;
    }

    /** Reads the options from {@code args} and the system properties. */
    public static BenchmarkOptions parse(String[] args, Properties system) {
        Map<String, String> given = given(args, OPTIONS.keySet());
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach((key, spec) -> values.put(key, given.getOrDefault(key, system.getProperty(key, spec[0]))));
        BenchmarkOptions options = new BenchmarkOptions(
                parseCount(values.get("events")),
                Integer.parseInt(values.get("parallelism").trim()),
                Integer.parseInt(values.get("warmups").trim()),
                Integer.parseInt(values.get("repetitions").trim()),
                list(values.get("queries")),
                list(values.get("sources")),
                list(values.get("engines")),
                parseCount(values.get("rate")),
                Path.of(values.get("dataDir")),
                list(values.get("check")),
                Long.parseLong(values.get("timeout").trim()),
                values.get("results").isBlank() ? null : Path.of(values.get("results")));
        options.validate();
        return options;
    }

    /** Options for a quick run (tests): everything else at its default. */
    public static BenchmarkOptions small(long bids, Path dataDir, List<String> queries) {
        return new BenchmarkOptions(
                bids,
                1,
                0,
                1,
                queries,
                List.of("csv", "memory"),
                List.of("sabot", "flink"),
                100_000,
                dataDir,
                queries,
                300,
                null);
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        if (bids < 1) {
            problems.add("events must be positive");
        }
        if (parallelism < 1) {
            problems.add("parallelism must be at least 1");
        }
        if (warmups < 0 || repetitions < 1) {
            problems.add("warmups must be >= 0 and repetitions >= 1");
        }
        for (String q : queries) {
            if (!NexmarkQueries.NAMES.contains(q)) {
                problems.add("unknown query '" + q + "' (known: " + NexmarkQueries.NAMES + ")");
            }
        }
        for (String s : sources) {
            if (!List.of("csv", "memory").contains(s)) {
                problems.add("unknown source '" + s + "' (csv, memory)");
            }
        }
        for (String e : engines) {
            if (!List.of("sabot", "flink").contains(e)) {
                problems.add("unknown engine '" + e + "' (sabot, flink)");
            }
        }
        if (eventRate < 1) {
            problems.add("rate must be positive");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** {@code 10000000}, {@code 10_000_000}, {@code 10M}, {@code 20k}. */
    static long parseCount(String text) {
        String t = text.trim().replace("_", "").toLowerCase();
        long factor = 1;
        if (t.endsWith("k")) {
            factor = 1_000;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            factor = 1_000_000;
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * factor;
    }

    private static List<String> list(String text) {
        if (text.equals("all")) {
            return List.copyOf(NexmarkQueries.NAMES);
        }
        if (text.equals("none")) {
            return List.of();
        }
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static String usage() {
        StringBuilder out = new StringBuilder("NexmarkBenchmark options (--key=value or -Dkey=value):\n");
        OPTIONS.forEach((key, spec) ->
                out.append(String.format("  %-12s %-34s %s%n", key, "(default " + spec[0] + ")", spec[1])));
        return out.toString();
    }
}
