package io.sabot.benchmarks;

import io.sabot.benchmarks.api.Engine;
import io.sabot.benchmarks.api.Engine.CheckpointSetup;
import io.sabot.benchmarks.api.Engine.CheckpointStat;
import io.sabot.benchmarks.api.Query;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Checkpoints side by side in Sabot and Apache Flink, in this JVM, one engine at a time:
 *
 * <ul>
 *   <li>{@code state}: an unwindowed aggregate over K distinct keys ({@code SELECT MOD(i, K), COUNT(*), SUM(i) FROM
 *       seq GROUP BY MOD(i, K)}, {@code seq} counting 0, 1, 2, … without end); once the source has emitted K rows
 *       per subtask every key is in state, and the harness triggers checkpoints one after the other: their duration
 *       and size on disk, per engine and state backend.
 *   <li>{@code throughput}: Nexmark queries over the generator (without end) for a fixed wall time, with checkpoints
 *       every {@code interval} and without: bids per second in the measured window, the loss, and how many
 *       checkpoints completed in it.
 *   <li>{@code initiation}: a query checkpointed every {@code latencyInterval} for {@code latencyDuration}: the
 *       distribution of the time from the trigger to the sources starting their snapshot (injecting the barrier).
 * </ul>
 *
 * <p>Options: {@code --key=value} or {@code -Dkey=value}; {@code --help} lists them.
 */
public final class CheckpointBenchmark {

    /** Rows of the state suite's {@code seq} table, and events of the unbounded runs: more than any run reads. */
    static final long SEQUENCE_END = 1_000_000_000_000_000L;

    /** Nexmark events for the timed runs: the runs are stopped long before. */
    static final long UNBOUNDED_EVENTS = 1_000_000_000_000L;

    /** Option names with their defaults and meaning. */
    static final Map<String, String[]> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("suites", new String[] {"state,throughput,initiation", "what to measure"});
        OPTIONS.put("engines", new String[] {"sabot,flink", "engines to run"});
        OPTIONS.put("parallelism", new String[] {"1", "subtasks per operator, both engines"});
        OPTIONS.put("keys", new String[] {"1M,10M", "state: distinct keys in state"});
        OPTIONS.put("sabotBackends", new String[] {"memory,rocksdb", "state: Sabot's backends (state.backend.type)"});
        OPTIONS.put("flinkBackends", new String[] {"hashmap,rocksdb", "state: Flink's backends (state.backend.type)"});
        OPTIONS.put("stateCheckpoints", new String[] {"3", "state: checkpoints triggered one after the other"});
        OPTIONS.put("queries", new String[] {"tumble,q5", "throughput: Nexmark queries"});
        OPTIONS.put("interval", new String[] {"10000", "throughput: checkpoint interval, ms"});
        OPTIONS.put("warmup", new String[] {"10", "throughput, initiation: seconds before the measured window"});
        OPTIONS.put("duration", new String[] {"60", "throughput: seconds measured"});
        OPTIONS.put("repetitions", new String[] {"1", "throughput: runs per query, engine and mode (median)"});
        OPTIONS.put("latencyQuery", new String[] {"tumble", "initiation: the query"});
        OPTIONS.put("latencyInterval", new String[] {"100", "initiation: checkpoint interval, ms"});
        OPTIONS.put("latencyDuration", new String[] {"30", "initiation: seconds measured"});
        OPTIONS.put("rate", new String[] {"100000", "events per second of event time (Nexmark)"});
        OPTIONS.put("checkpointDir", new String[] {"target/checkpoint-bench", "where checkpoints go (emptied)"});
        OPTIONS.put("timeout", new String[] {"900", "seconds a state run may take"});
        OPTIONS.put("results", new String[] {"target/checkpoint-results.md", "Markdown results file ('' for none)"});
    }

    /** The options, parsed. */
    public record Options(
            List<String> suites,
            List<String> engines,
            int parallelism,
            List<Long> keys,
            List<String> sabotBackends,
            List<String> flinkBackends,
            int stateCheckpoints,
            List<String> queries,
            long intervalMillis,
            long warmupSeconds,
            long durationSeconds,
            int repetitions,
            String latencyQuery,
            long latencyIntervalMillis,
            long latencySeconds,
            long eventRate,
            Path checkpointDir,
            long timeoutSeconds,
            Path resultsFile) {

        public static Options parse(String[] args, Properties system) {
            Map<String, String> given = BenchmarkOptions.given(args, OPTIONS.keySet());
            Function<String, String> v = key -> given.getOrDefault(key, system.getProperty(key, OPTIONS.get(key)[0]));
            Options o = new Options(
                    list(v.apply("suites")),
                    list(v.apply("engines")),
                    Integer.parseInt(v.apply("parallelism").trim()),
                    list(v.apply("keys")).stream()
                            .map(BenchmarkOptions::parseCount)
                            .toList(),
                    list(v.apply("sabotBackends")),
                    list(v.apply("flinkBackends")),
                    Integer.parseInt(v.apply("stateCheckpoints").trim()),
                    list(v.apply("queries")),
                    Long.parseLong(v.apply("interval").trim()),
                    Long.parseLong(v.apply("warmup").trim()),
                    Long.parseLong(v.apply("duration").trim()),
                    Integer.parseInt(v.apply("repetitions").trim()),
                    v.apply("latencyQuery").trim(),
                    Long.parseLong(v.apply("latencyInterval").trim()),
                    Long.parseLong(v.apply("latencyDuration").trim()),
                    BenchmarkOptions.parseCount(v.apply("rate")),
                    Path.of(v.apply("checkpointDir")),
                    Long.parseLong(v.apply("timeout").trim()),
                    v.apply("results").isBlank() ? null : Path.of(v.apply("results")));
            o.validate();
            return o;
        }

        /** Tiny sizes for tests: 20 000 keys, tumble with checkpoints every 500 ms, 1 s + 2 s runs. */
        public static Options small(Path checkpointDir) {
            return new Options(
                    List.of("state", "throughput", "initiation"),
                    List.of("sabot", "flink"),
                    1,
                    List.of(20_000L),
                    List.of("memory"),
                    List.of("hashmap"),
                    1,
                    List.of("tumble"),
                    500,
                    1,
                    2,
                    1,
                    "tumble",
                    100,
                    2,
                    100_000,
                    checkpointDir,
                    120,
                    null);
        }

        private void validate() {
            List<String> problems = new ArrayList<>();
            for (String s : suites) {
                if (!List.of("state", "throughput", "initiation").contains(s)) {
                    problems.add("unknown suite '" + s + "' (state, throughput, initiation)");
                }
            }
            for (String e : engines) {
                if (!List.of("sabot", "flink").contains(e)) {
                    problems.add("unknown engine '" + e + "' (sabot, flink)");
                }
            }
            for (String q : queries) {
                if (!NexmarkQueries.NAMES.contains(q)) {
                    problems.add("unknown query '" + q + "' (known: " + NexmarkQueries.NAMES + ")");
                }
            }
            if (!NexmarkQueries.NAMES.contains(latencyQuery)) {
                problems.add("unknown latencyQuery '" + latencyQuery + "'");
            }
            if (parallelism < 1 || repetitions < 1 || stateCheckpoints < 1) {
                problems.add("parallelism, repetitions and stateCheckpoints must be at least 1");
            }
            if (intervalMillis < 1 || latencyIntervalMillis < 1 || durationSeconds < 1 || latencySeconds < 1) {
                problems.add("intervals and durations must be positive");
            }
            if (sabotBackends.isEmpty() || flinkBackends.isEmpty()) {
                problems.add("name at least one backend per engine");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
        }

        private static List<String> list(String text) {
            return Arrays.stream(text.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }

        static String usage() {
            StringBuilder out = new StringBuilder("CheckpointBenchmark options (--key=value or -Dkey=value):\n");
            OPTIONS.forEach((key, spec) ->
                    out.append(String.format("  %-17s %-40s %s%n", key, "(default " + spec[0] + ")", spec[1])));
            return out.toString();
        }
    }

    private final Options options;
    private final StringBuilder markdown = new StringBuilder();
    final List<StateCell> stateCells = new ArrayList<>();
    final List<ThroughputCell> throughputCells = new ArrayList<>();
    final List<InitiationCell> initiationCells = new ArrayList<>();

    public CheckpointBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(Options.usage());
                return;
            }
        }
        Options options = Options.parse(args, System.getProperties());
        CheckpointBenchmark benchmark = new CheckpointBenchmark(options);
        long start = System.nanoTime();
        String report = benchmark.run();
        System.out.println();
        System.out.println(report);
        System.out.printf(Locale.ROOT, "(all suites took %.0f s)%n", (System.nanoTime() - start) / 1e9);
        if (options.resultsFile() != null) {
            Path file = options.resultsFile().toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, report);
            System.out.println("results written to " + file);
        }
        // Flink leaves non-daemon threads behind
        System.exit(0);
    }

    /** Runs the suites; returns the Markdown report. */
    public String run() throws Exception {
        List<Engine> engines = new ArrayList<>();
        try {
            for (String name : options.engines()) {
                engines.add(
                        name.equals("sabot")
                                ? EngineLoaders.sabot(options.parallelism())
                                : EngineLoaders.flink(options.parallelism()));
            }
            markdown.append("## Checkpoints: Sabot vs Apache Flink\n\n");
            markdown.append(setup(engines)).append('\n');
            System.out.print(setup(engines));
            for (String suite : options.suites()) {
                switch (suite) {
                    case "state" -> stateSuite(engines);
                    case "throughput" -> throughputSuite(engines);
                    default -> initiationSuite(engines);
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
        return markdown.toString();
    }

    private String setup(List<Engine> engines) {
        Runtime rt = Runtime.getRuntime();
        StringBuilder out = new StringBuilder();
        engines.forEach(e -> out.append("- ").append(e.describe()).append('\n'));
        out.append(String.format(
                "- JVM %s %s, %d cores, max heap %,d MB, %s %s; checkpoints to %s%n",
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                rt.availableProcessors(),
                rt.maxMemory() >> 20,
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                options.checkpointDir().toAbsolutePath()));
        out.append("- JVM flags: ")
                .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append('\n');
        return out.toString();
    }

    private List<String> backends(Engine engine) {
        return engine.name().equals("sabot") ? options.sabotBackends() : options.flinkBackends();
    }

    private CheckpointSetup checkpointSetup(long intervalMillis, String backend) throws IOException {
        Path dir = options.checkpointDir().toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        return new CheckpointSetup(intervalMillis, backend, dir);
    }

    // ---- state ----

    /** The state suite's query over {@code seq}: K groups. */
    static Query stateQuery(long keys) {
        return new Query(
                "keys",
                "unwindowed COUNT and SUM over " + keys + " keys",
                "  k BIGINT, c BIGINT, s BIGINT\n",
                "SELECT MOD(i, " + keys + ") AS k, COUNT(*) AS c, SUM(i) AS s FROM seq GROUP BY MOD(i, " + keys + ")");
    }

    /** One (engine, backend, keys) of the state suite. */
    record StateCell(String engine, String backend, long keys, Engine.StateRun run, String problem) {}

    private void stateSuite(List<Engine> engines) throws IOException {
        System.out.println("\n# state: duration and size of a checkpoint with every key in state");
        for (long keys : options.keys()) {
            for (Engine engine : engines) {
                for (String backend : backends(engine)) {
                    String label = String.format(Locale.ROOT, "[state %s %s %,d keys]", engine.name(), backend, keys);
                    quiesce();
                    StateCell cell;
                    try {
                        Engine.StateRun run = engine.keyedState(
                                stateQuery(keys),
                                keys * options.parallelism(),
                                checkpointSetup(0, backend),
                                options.stateCheckpoints(),
                                options.timeoutSeconds());
                        String problem = backendMismatch(backend, run.backendUsed());
                        cell = new StateCell(engine.name(), backend, keys, run, problem);
                        System.out.printf(
                                Locale.ROOT,
                                "%s: %,d rows in %.1f s; checkpoints %s ms, %s MB; backend %s%s%n",
                                label,
                                run.rowsRead(),
                                run.ingestNanos() / 1e9,
                                join(run.checkpoints(), c -> Long.toString(c.durationMillis())),
                                join(run.checkpoints(), c -> mb(c.sizeBytes())),
                                run.backendUsed(),
                                problem == null ? "" : " (" + problem + ")");
                    } catch (Throwable e) {
                        cell = new StateCell(engine.name(), backend, keys, null, NexmarkBenchmark.rootMessage(e));
                        System.out.println(label + ": " + cell.problem());
                        trace(e);
                    }
                    stateCells.add(cell);
                }
            }
        }
        deleteTree(options.checkpointDir().toAbsolutePath());
        markdown.append("### State: checkpoint duration and size, every key in state\n\n");
        markdown.append(String.format(
                Locale.ROOT,
                "`SELECT MOD(i, K) AS k, COUNT(*), SUM(i) FROM seq GROUP BY MOD(i, K)` into blackhole; `seq` counts"
                        + " 0, 1, 2, … as fast as it is read. After K × parallelism rows, %d checkpoints are"
                        + " triggered one after the other; duration = trigger to completion (median, and each), size ="
                        + " the checkpoint's files on disk (median).%n%n",
                options.stateCheckpoints()));
        markdown.append("| keys | engine | backend | rows read | to fill (s) | checkpoint (ms), median | each (ms) |"
                + " size on disk (MB) | reported size (MB) | backend used |\n");
        markdown.append("|---:|---|---|---:|---:|---:|---|---:|---:|---|\n");
        for (StateCell c : stateCells) {
            markdown.append(String.format(Locale.ROOT, "| %,d | %s | %s | ", c.keys(), c.engine(), c.backend()));
            if (c.run() == null) {
                markdown.append("| | | | | | | ")
                        .append(notAvailable(c.problem()))
                        .append(" |\n");
                continue;
            }
            List<CheckpointStat> cs = c.run().checkpoints();
            markdown.append(String.format(
                    Locale.ROOT,
                    "%,d | %.1f | %s | %s | %s | %s | %s |%n",
                    c.run().rowsRead(),
                    c.run().ingestNanos() / 1e9,
                    c.problem() != null ? "–" : Long.toString(median(cs, CheckpointStat::durationMillis)),
                    join(cs, x -> Long.toString(x.durationMillis())),
                    mb(median(cs, CheckpointStat::sizeBytes)),
                    mb(median(cs, CheckpointStat::reportedBytes)),
                    c.run().backendUsed() + (c.problem() == null ? "" : ": " + notAvailable(c.problem()))));
        }
        markdown.append('\n');
    }

    /** Null when the engine used the backend asked for; else why the cell does not count. */
    static String backendMismatch(String asked, String used) {
        String u = used.toLowerCase(Locale.ROOT);
        if (u.isEmpty() || u.contains(asked.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return "not available: asked for '" + asked + "', the checkpoint was written by '" + used + "'";
    }

    private static String notAvailable(String problem) {
        String p = problem.replace("|", "\\|");
        return p.startsWith("not available") ? "**" + p + "**" : "failed: " + p;
    }

    // ---- throughput ----

    /** One (query, engine) of the throughput suite: runs without and with checkpoints. */
    record ThroughputCell(
            String query, String engine, List<Engine.TimedRun> off, List<Engine.TimedRun> on, String problem) {

        double rate(List<Engine.TimedRun> runs, int scans) {
            if (runs.isEmpty()) {
                return -1;
            }
            double[] rates = runs.stream()
                    .mapToDouble(r -> r.rows() / (double) scans / (r.nanos() / 1e9))
                    .sorted()
                    .toArray();
            int n = rates.length;
            return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
        }
    }

    /** How many times a query reads {@code bid}: its rows read count every scan. */
    static int scans(String query) {
        return query.equals("q5") || query.equals("q7") ? 2 : 1;
    }

    private Engine.Source unboundedBids() {
        return new Engine.Source("memory", null, Long.MAX_VALUE, UNBOUNDED_EVENTS, options.eventRate());
    }

    /** Checkpoints of a run triggered in its measured window. */
    static List<CheckpointStat> inWindow(Engine.TimedRun run) {
        return run.checkpoints().stream()
                .filter(c -> c.triggeredAtMillis() >= run.windowStartMillis()
                        && c.triggeredAtMillis() <= run.windowEndMillis())
                .toList();
    }

    private void throughputSuite(List<Engine> engines) {
        System.out.printf(
                Locale.ROOT,
                "%n# throughput: checkpoints every %d ms vs none, %d s warm-up + %d s measured%n",
                options.intervalMillis(),
                options.warmupSeconds(),
                options.durationSeconds());
        for (String queryName : options.queries()) {
            Query query = NexmarkQueries.get(queryName);
            Map<String, ThroughputCell> cells = new LinkedHashMap<>();
            for (Engine engine : engines) {
                cells.put(
                        engine.name(),
                        new ThroughputCell(queryName, engine.name(), new ArrayList<>(), new ArrayList<>(), null));
            }
            for (int rep = 0; rep < options.repetitions(); rep++) {
                for (Engine engine : engines) {
                    ThroughputCell cell = cells.get(engine.name());
                    if (cell.problem() != null) {
                        continue;
                    }
                    String backend = backends(engine).get(0);
                    for (boolean checkpointing : new boolean[] {false, true}) {
                        String label = String.format(
                                "[throughput %s %s %s run %d]",
                                queryName,
                                engine.name(),
                                checkpointing
                                        ? "checkpoints every " + options.intervalMillis() + " ms"
                                        : "no checkpoints",
                                rep + 1);
                        quiesce();
                        try {
                            Engine.TimedRun run = engine.runFor(
                                    query,
                                    unboundedBids(),
                                    checkpointSetup(checkpointing ? options.intervalMillis() : 0, backend),
                                    options.warmupSeconds(),
                                    options.durationSeconds());
                            (checkpointing ? cell.on() : cell.off()).add(run);
                            List<CheckpointStat> window = inWindow(run);
                            System.out.printf(
                                    Locale.ROOT,
                                    "%s: %,.0f bids/s; %d checkpoints in the window (%d in the run)%s%n",
                                    label,
                                    run.rows() / (double) scans(queryName) / (run.nanos() / 1e9),
                                    window.size(),
                                    run.checkpoints().size(),
                                    window.isEmpty()
                                            ? ""
                                            : String.format(
                                                    Locale.ROOT,
                                                    ": %s ms, %s MB",
                                                    join(window, c -> Long.toString(c.durationMillis())),
                                                    join(window, c -> mb(c.sizeBytes()))));
                        } catch (Throwable e) {
                            cells.put(
                                    engine.name(),
                                    new ThroughputCell(
                                            queryName,
                                            engine.name(),
                                            cell.off(),
                                            cell.on(),
                                            NexmarkBenchmark.rootMessage(e)));
                            System.out.println(label + ": " + NexmarkBenchmark.rootMessage(e));
                            trace(e);
                            break;
                        }
                    }
                }
            }
            throughputCells.addAll(cells.values());
        }
        deleteTree(options.checkpointDir().toAbsolutePath());
        markdown.append(String.format(
                Locale.ROOT,
                "### Throughput: checkpoints every %s vs none%n%n",
                options.intervalMillis() % 1000 == 0
                        ? options.intervalMillis() / 1000 + " s"
                        : options.intervalMillis() + " ms"));
        markdown.append(String.format(
                Locale.ROOT,
                "Nexmark generator without end (memory source), %,d events/s of event time; each run: %d s warm-up,"
                        + " then bids read in %d s (q5 reads `bid` twice: counted once); %d run(s) per cell, median."
                        + " Checkpoints: completed ones triggered in the measured window (all runs), their duration and"
                        + " size (median).%n%n",
                options.eventRate(),
                options.warmupSeconds(),
                options.durationSeconds(),
                options.repetitions()));
        markdown.append("| query | engine | bids/s, no checkpoints | bids/s, checkpoints | loss | checkpoints in"
                + " window | checkpoint (ms) | size (MB) |\n");
        markdown.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (ThroughputCell c : throughputCells) {
            int scans = scans(c.query());
            double off = c.rate(c.off(), scans);
            double on = c.rate(c.on(), scans);
            List<CheckpointStat> window = new ArrayList<>();
            c.on().forEach(r -> window.addAll(inWindow(r)));
            markdown.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    c.query(),
                    c.engine(),
                    off > 0 ? String.format(Locale.ROOT, "%,.0f", off) : "–",
                    on > 0 ? String.format(Locale.ROOT, "%,.0f", on) : "–",
                    off > 0 && on > 0 ? String.format(Locale.ROOT, "%.1f %%", 100 * (off - on) / off) : "–",
                    c.on().isEmpty() ? "–" : Integer.toString(window.size()),
                    window.isEmpty() ? "–" : Long.toString(median(window, CheckpointStat::durationMillis)),
                    window.isEmpty() ? "–" : mb(median(window, CheckpointStat::sizeBytes))));
            if (c.problem() != null) {
                markdown.append("| ")
                        .append(c.query())
                        .append(" | ")
                        .append(c.engine())
                        .append(" | failed: ")
                        .append(c.problem().replace("|", "\\|"))
                        .append(" | | | | | |\n");
            }
        }
        markdown.append('\n');
    }

    // ---- initiation ----

    /** One engine's initiation run. */
    record InitiationCell(String engine, Engine.TimedRun run, String problem) {}

    private void initiationSuite(List<Engine> engines) {
        Query query = NexmarkQueries.get(options.latencyQuery());
        long warmup = Math.min(options.warmupSeconds(), 5);
        System.out.printf(
                Locale.ROOT,
                "%n# initiation: %s checkpointed every %d ms, %d s warm-up + %d s measured%n",
                query.name(),
                options.latencyIntervalMillis(),
                warmup,
                options.latencySeconds());
        for (Engine engine : engines) {
            String label = "[initiation " + engine.name() + "]";
            quiesce();
            try {
                Engine.TimedRun run = engine.runFor(
                        query,
                        unboundedBids(),
                        checkpointSetup(
                                options.latencyIntervalMillis(),
                                backends(engine).get(0)),
                        warmup,
                        options.latencySeconds());
                initiationCells.add(new InitiationCell(engine.name(), run, null));
                List<CheckpointStat> window = inWindow(run);
                System.out.printf(
                        Locale.ROOT,
                        "%s: %d checkpoints in the window; initiation µs median %s, p99 %s, max %s%n",
                        label,
                        window.size(),
                        micros(percentile(initiations(window), 50)),
                        micros(percentile(initiations(window), 99)),
                        micros(percentile(initiations(window), 100)));
            } catch (Throwable e) {
                initiationCells.add(new InitiationCell(engine.name(), null, NexmarkBenchmark.rootMessage(e)));
                System.out.println(label + ": " + NexmarkBenchmark.rootMessage(e));
                trace(e);
            }
        }
        deleteTree(options.checkpointDir().toAbsolutePath());
        markdown.append("### Barrier initiation latency\n\n");
        markdown.append(String.format(
                Locale.ROOT,
                "`%s` over the generator, checkpoints every %d ms, %d s warm-up, then the checkpoints triggered in"
                        + " %d s. Initiation = from the coordinator's trigger to the (last) source task starting its"
                        + " snapshot, where it injects the barrier after its current batch. Sabot: `CheckpointInfo"
                        + ".initiationMicros` (System.nanoTime, µs). Flink: the largest source subtask \"checkpoint"
                        + " start delay\" of its checkpoint statistics (wall clock, whole milliseconds).%n%n",
                query.name(),
                options.latencyIntervalMillis(),
                warmup,
                options.latencySeconds()));
        markdown.append("| engine | checkpoints | initiation median (µs) | p90 (µs) | p99 (µs) | max (µs) |"
                + " checkpoint duration median (ms) | rows/s during the run |\n");
        markdown.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (InitiationCell c : initiationCells) {
            if (c.run() == null) {
                markdown.append("| ")
                        .append(c.engine())
                        .append(" | failed: ")
                        .append(c.problem().replace("|", "\\|"))
                        .append(" | | | | | | |\n");
                continue;
            }
            List<CheckpointStat> window = inWindow(c.run());
            List<Double> init = initiations(window);
            markdown.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %s | %s | %s | %s | %s | %,.0f |%n",
                    c.engine(),
                    window.size(),
                    micros(percentile(init, 50)),
                    micros(percentile(init, 90)),
                    micros(percentile(init, 99)),
                    micros(percentile(init, 100)),
                    window.isEmpty() ? "–" : Long.toString(median(window, CheckpointStat::durationMillis)),
                    c.run().rows() / (c.run().nanos() / 1e9)));
        }
        markdown.append('\n');
    }

    static List<Double> initiations(List<CheckpointStat> checkpoints) {
        return checkpoints.stream()
                .map(CheckpointStat::initiationMicros)
                .filter(m -> m >= 0)
                .sorted()
                .toList();
    }

    /** The nearest-rank percentile of sorted values; NaN if none. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String micros(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    // ---- helpers ----

    static long median(List<CheckpointStat> stats, java.util.function.ToLongFunction<CheckpointStat> f) {
        long[] v = stats.stream().mapToLong(f).sorted().toArray();
        if (v.length == 0) {
            return -1;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String join(List<CheckpointStat> stats, Function<CheckpointStat, String> f) {
        return String.join(", ", stats.stream().map(f).toList());
    }

    static String mb(long bytes) {
        return bytes < 0 ? "–" : String.format(Locale.ROOT, "%,.1f", bytes / 1e6);
    }

    private static void quiesce() {
        System.gc();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void trace(Throwable e) {
        if (!(e instanceof Exception) || Boolean.getBoolean("benchmark.trace")) {
            e.printStackTrace(System.out);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }
}
