package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Digest;
import io.sabot.benchmarks.api.Engine;
import io.sabot.benchmarks.api.Query;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Nexmark side by side: runs each query over the same bids in Sabot and in Apache Flink, in this JVM, one engine
 * after the other (never both at once), and prints events per second for each and their ratio.
 *
 * <p>For each query and source: {@code warmups} untimed runs, then {@code repetitions} timed runs, alternating
 * Sabot and Flink; a run is timed from submitting its {@code INSERT INTO} (planning included) to the end of the
 * bounded job; the median is reported. Then, for the queries named by {@code check}, both engines run the query's
 * {@code SELECT} and their result rows are counted and checksummed: the two must agree. A query that Sabot cannot
 * plan or run yet is reported as not supported yet, and the benchmark goes on.
 *
 * <p>Options: see {@link BenchmarkOptions}; {@code --help} lists them.
 */
public final class NexmarkBenchmark {

    private final BenchmarkOptions options;

    public NexmarkBenchmark(BenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(BenchmarkOptions.usage());
                return;
            }
        }
        BenchmarkOptions options = BenchmarkOptions.parse(args, System.getProperties());
        Report report = new NexmarkBenchmark(options).run();
        String markdown = report.markdown();
        System.out.println();
        System.out.println(markdown);
        if (options.resultsFile() != null) {
            Path file = options.resultsFile().toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown);
            System.out.println("results written to " + file);
        }
        // Flink leaves non-daemon threads behind
        System.exit(0);
    }

    /** Runs everything the options ask for. */
    public Report run() throws Exception {
        BidData data = new BidData(options.bids(), options.eventRate());
        Path csv = options.sources().contains("csv") ? data.csvFile(options.dataDir()) : null;
        Report report = new Report(options, data);
        List<Engine> engines = new ArrayList<>();
        try {
            for (String name : options.engines()) {
                engines.add(
                        name.equals("sabot")
                                ? EngineLoaders.sabot(options.parallelism())
                                : EngineLoaders.flink(options.parallelism()));
            }
            engines.forEach(e -> report.engines.put(e.name(), e.describe()));
            report.printHeader();
            for (String queryName : options.queries()) {
                Query query = NexmarkQueries.get(queryName);
                for (String sourceKind : options.sources()) {
                    Engine.Source source =
                            new Engine.Source(sourceKind, csv, data.bids(), data.events(), data.eventRate());
                    report.rows.add(measure(query, source, engines));
                }
            }
        } finally {
            for (Engine engine : engines) {
                try {
                    engine.close();
                } catch (Exception e) {
                    System.out.println("closing " + engine.name() + ": " + e);
                }
            }
        }
        return report;
    }

    private Row measure(Query query, Engine.Source source, List<Engine> engines) {
        Row row = new Row(query, source.kind());
        for (Engine engine : engines) {
            row.cells.put(engine.name(), new Cell());
        }
        int runs = options.warmups() + options.repetitions();
        for (int i = 0; i < runs; i++) {
            boolean timed = i >= options.warmups();
            for (Engine engine : engines) {
                Cell cell = row.cells.get(engine.name());
                if (cell.problem != null) {
                    continue;
                }
                quiesce();
                String label = String.format(
                        "[%s %s %s] %s",
                        query.name(),
                        source.kind(),
                        engine.name(),
                        timed ? "run " + (i - options.warmups() + 1) : "warm-up " + (i + 1));
                try {
                    long nanos = engine.run(query, source, options.timeoutSeconds());
                    if (timed) {
                        cell.nanos.add(nanos);
                    }
                    String detail = engine.lastRunDetail();
                    System.out.printf(
                            Locale.ROOT,
                            "%s: %.2f s, %s events/s%s%n",
                            label,
                            nanos / 1e9,
                            rate(options.bids(), nanos),
                            detail.isEmpty() ? "" : " (" + detail + ")");
                } catch (Throwable e) {
                    cell.problem = problem(engine, e);
                    System.out.println(label + ": " + cell.problem);
                    if (!(e instanceof Exception) || Boolean.getBoolean("benchmark.trace")) {
                        e.printStackTrace(System.out);
                    }
                }
            }
        }
        if (options.checks().contains(query.name())) {
            for (Engine engine : engines) {
                try {
                    quiesce();
                    Digest digest = engine.digest(query, source, options.timeoutSeconds());
                    row.digests.put(engine.name(), digest);
                    System.out.printf("[%s %s %s] check: %s%n", query.name(), source.kind(), engine.name(), digest);
                } catch (Throwable e) {
                    String p = problem(engine, e);
                    row.digestProblems.put(engine.name(), p);
                    System.out.printf("[%s %s %s] check: %s%n", query.name(), source.kind(), engine.name(), p);
                }
            }
        }
        return row;
    }

    /** Lets the previous run's garbage and threads go before the next run starts. */
    private static void quiesce() {
        System.gc();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String problem(Engine engine, Throwable e) {
        if (e instanceof TimeoutException) {
            return "timeout: " + e.getMessage();
        }
        String message = rootMessage(e);
        boolean unsupported = engine.name().equals("sabot")
                && message.matches("(?is).*(not (yet )?(supported|implemented)|unsupported|PlanningException"
                        + "|SqlException).*");
        return (unsupported ? "not supported yet: " : "failed: ") + message;
    }

    /** The innermost message, on one line, shortened. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        if (message == null) {
            message = e.toString();
        }
        message = message.replaceAll("\\s+", " ").strip();
        return message.length() > 200 ? message.substring(0, 197) + "..." : message;
    }

    static String rate(long events, long nanos) {
        double perSecond = events / (nanos / 1e9);
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f k", perSecond / 1e3);
    }

    /** One engine's runs of one query over one source. */
    static final class Cell {
        final List<Long> nanos = new ArrayList<>();
        String problem;

        /** The median time, or -1 without timed runs. */
        long medianNanos() {
            if (nanos.isEmpty()) {
                return -1;
            }
            List<Long> sorted = nanos.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }

    /** One query over one source, in every engine. */
    public static final class Row {
        final Query query;
        final String source;
        final Map<String, Cell> cells = new LinkedHashMap<>();
        final Map<String, Digest> digests = new LinkedHashMap<>();
        final Map<String, String> digestProblems = new LinkedHashMap<>();

        Row(Query query, String source) {
            this.query = query;
            this.source = source;
        }

        public String query() {
            return query.name();
        }

        public String source() {
            return source;
        }

        /** The engine's digest of the query's results, if it was checked and ran. */
        public Digest digest(String engine) {
            return digests.get(engine);
        }

        /** The engine's median events/s, or -1 if it did not run. */
        public double eventsPerSecond(String engine, long events) {
            Cell cell = cells.get(engine);
            long median = cell == null ? -1 : cell.medianNanos();
            return median <= 0 ? -1 : events / (median / 1e9);
        }

        /** Why the engine could not run the query, or null. */
        public String problem(String engine) {
            Cell cell = cells.get(engine);
            return cell == null ? null : cell.problem;
        }

        String check() {
            if (digests.isEmpty() && digestProblems.isEmpty()) {
                return "";
            }
            Digest sabot = digests.get("sabot");
            Digest flink = digests.get("flink");
            if (sabot != null && flink != null) {
                return sabot.equals(flink)
                        ? String.format("same: %,d rows", sabot.rows())
                        : String.format(
                                "DIFFER: Sabot %,d rows (%016x), Flink %,d rows (%016x)",
                                sabot.rows(), sabot.checksum(), flink.rows(), flink.checksum());
            }
            List<String> parts = new ArrayList<>();
            digests.forEach((engine, d) -> parts.add(engine + " " + String.format("%,d rows", d.rows())));
            digestProblems.forEach((engine, p) -> parts.add(engine + " " + p));
            return String.join("; ", parts);
        }
    }

    /** Everything measured, and the Markdown table of it. */
    public static final class Report {
        final BenchmarkOptions options;
        final BidData data;
        final Map<String, String> engines = new LinkedHashMap<>();
        final List<Row> rows = new ArrayList<>();

        Report(BenchmarkOptions options, BidData data) {
            this.options = options;
            this.data = data;
        }

        public List<Row> rows() {
            return rows;
        }

        String setup() {
            Runtime rt = Runtime.getRuntime();
            StringBuilder out = new StringBuilder();
            out.append(String.format(
                    "- data: %,d bids (the first %,d Nexmark events, proportions 1/3/46, %,d events/s of event"
                            + " time, base time %s UTC, watermark 4 s)%n",
                    data.bids(), data.events(), data.eventRate(), BidData.BASE_TIME_TEXT));
            out.append(String.format(
                    "- parallelism %d, %d warm-up and %d timed runs per query, source and engine; median reported%n",
                    options.parallelism(), options.warmups(), options.repetitions()));
            engines.values().forEach(e -> out.append("- ").append(e).append('\n'));
            out.append(String.format(
                    "- JVM %s %s, %d cores, max heap %,d MB, %s %s%n",
                    System.getProperty("java.vm.name"),
                    System.getProperty("java.version"),
                    rt.availableProcessors(),
                    rt.maxMemory() >> 20,
                    System.getProperty("os.name"),
                    System.getProperty("os.arch")));
            out.append("- JVM flags: ")
                    .append(String.join(
                            " ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                    .append('\n');
            return out.toString();
        }

        void printHeader() {
            System.out.println("Nexmark: Sabot vs Apache Flink");
            System.out.print(setup());
        }

        public String markdown() {
            StringBuilder out = new StringBuilder();
            out.append("## Nexmark: Sabot vs Apache Flink\n\n");
            out.append(setup()).append('\n');
            out.append("| query | source | Sabot events/s | Flink events/s | Sabot/Flink | Sabot runs (s) |"
                    + " Flink runs (s) | check |\n");
            out.append("|---|---|---:|---:|---:|---|---|---|\n");
            for (Row row : rows) {
                double sabot = row.eventsPerSecond("sabot", data.bids());
                double flink = row.eventsPerSecond("flink", data.bids());
                out.append("| ")
                        .append(row.query.name())
                        .append(" | ")
                        .append(row.source)
                        .append(" | ")
                        .append(cellText(row, "sabot", sabot))
                        .append(" | ")
                        .append(cellText(row, "flink", flink))
                        .append(" | ")
                        .append(sabot > 0 && flink > 0 ? String.format(Locale.ROOT, "%.2f", sabot / flink) : "–")
                        .append(" | ")
                        .append(times(row, "sabot"))
                        .append(" | ")
                        .append(times(row, "flink"))
                        .append(" | ")
                        .append(row.check())
                        .append(" |\n");
            }
            return out.toString();
        }

        private static String cellText(Row row, String engine, double perSecond) {
            if (!row.cells.containsKey(engine)) {
                return "–";
            }
            if (perSecond > 0) {
                return String.format(Locale.ROOT, "%,.0f", perSecond);
            }
            String problem = row.problem(engine);
            return problem == null ? "–" : problem.replace("|", "\\|");
        }

        private static String times(Row row, String engine) {
            Cell cell = row.cells.get(engine);
            if (cell == null || cell.nanos.isEmpty()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            for (long n : cell.nanos) {
                parts.add(String.format(Locale.ROOT, "%.2f", n / 1e9));
            }
            return String.join(", ", parts);
        }
    }
}
