package io.sabot.engine.internal.errors;

import com.codahale.metrics.Counter;
import io.sabot.engine.ConnectorResolver;
import io.sabot.engine.internal.metrics.JobMetricGroup;
import io.sabot.errors.spi.DeadLetterContext;
import io.sabot.errors.spi.DeadLetterSinkFactory;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.errors.spi.Strategy;
import io.sabot.metrics.spi.StandardMetric;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidation;
import io.sabot.plugin.ValidatedOptions;
import io.sabot.plugin.ValidationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A job's error handling: reads the {@code error.*} options of the job and of each table (a table's keys override the
 * job's one by one), validates them against the installed handlers and dead-letter sinks, creates the handler chains
 * and dead-letter targets, and closes them when the job ends.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code error.handler} (or {@code error.handlers}): the handlers in order, e.g. {@code retry, dead-letter};
 *       or {@code error.strategy}: a seed strategy ({@code FAIL_FAST}, {@code SKIP}, {@code RETRY}, …). Neither:
 *       every failure fails the job, naming the record.
 *   <li>{@code error.<handler>.<key>}: a handler's options, validated by the handler; {@code error.max-retries} is
 *       the cap on retries of one operation, and the {@code retry} handler's default.
 *   <li>{@code error.dead-letter.connector}: the dead-letter sink type ({@code filesystem}, {@code kafka}, {@code
 *       log}); {@code error.dead-letter.<key>}: that sink's options ({@code path}, {@code topic}, …).
 * </ul>
 *
 * <p>Late rows of window operators whose plan says {@code dead-letter} ({@code 'sabot.late-data'}) go to the job's
 * target directly ({@link #lateRows}), without a handler chain: the job's {@code error.dead-letter.*} options are
 * then required and known even when no {@code dead-letter} handler is named.
 */
public final class JobErrors {

    public static final String PREFIX = "error.";
    /** The tenant of every job until tenants exist. */
    public static final String TENANT = "default";

    static final String HANDLER = "error.handler";
    static final String HANDLERS = "error.handlers";
    static final String STRATEGY = "error.strategy";
    static final String MAX_RETRIES = "error.max-retries";
    static final String DEAD_LETTER = "dead-letter";
    static final String DEAD_LETTER_CONNECTOR = "error.dead-letter.connector";
    static final String DEAD_LETTER_TIMEOUT = "error.dead-letter.timeout";
    static final int DEFAULT_MAX_RETRIES = 3;
    private static final OptionDescriptor<Duration> TIMEOUT = OptionDescriptor.key("timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .check(d -> !d.isNegative() && !d.isZero(), "positive");
    private static final OptionDescriptor<String> TARGET =
            OptionDescriptor.key("target").stringType();

    private final String tenant;
    private final String job;
    private final ConnectorResolver resolver;
    private final Map<String, String> jobOptions;
    /** Counters of records the handlers took out of the stream. */
    private final LongAdder skipped;

    private final LongAdder deadLettered;
    /** Failed operations attempted again, and failures handed to the handlers (the job's {@code errors} metric). */
    private final LongAdder retries;

    private final JobMetricGroup metrics;
    private final List<ErrorHandler> handlers = new ArrayList<>();
    private final Map<Map<String, String>, DeadLetterQueue> targets = new LinkedHashMap<>();
    /** By configuration and table: each table keeps its own counters. */
    private final Map<Map<String, String>, TableErrors> chains = new LinkedHashMap<>();

    public JobErrors(
            String tenant,
            String job,
            ConnectorResolver resolver,
            Map<String, String> jobOptions,
            LongAdder skipped,
            LongAdder deadLettered,
            LongAdder retries,
            JobMetricGroup metrics) {
        this.tenant = tenant;
        this.job = job;
        this.resolver = resolver;
        this.jobOptions = Map.copyOf(jobOptions);
        this.skipped = skipped;
        this.deadLettered = deadLettered;
        this.retries = retries;
        this.metrics = metrics;
        metrics.register(metrics.jobName(StandardMetric.RECORDS_SKIPPED), reading(skipped));
        metrics.register(metrics.jobName(StandardMetric.RECORDS_DEAD_LETTERED), reading(deadLettered));
    }

    /** A counter that reads {@code adder}: the metric of a count the job keeps anyway. */
    private static Counter reading(LongAdder adder) {
        return new Counter() {
            @Override
            public long getCount() {
                return adder.sum();
            }
        };
    }

    /** Whether a table option belongs to error handling (and not to the connector). */
    public static boolean isErrorOption(String key) {
        return key.startsWith(PREFIX);
    }

    /**
     * Checks the job's own options (so that a bad key fails the job even where every table overrides it).
     *
     * @param lateRows whether window operators send late rows to the job's dead-letter target ({@code 'sabot.late-data'
     *     = 'dead-letter'}): then the job needs {@code error.dead-letter.connector} and its options, whatever its
     *     handler chain
     * @return the problems, one line each, naming the key
     */
    public List<OptionError> validateJob(boolean lateRows) {
        List<OptionError> errors = new ArrayList<>();
        for (String key : jobOptions.keySet()) {
            if (!isErrorOption(key)) {
                errors.add(new OptionError(
                        key, OptionError.Kind.UNKNOWN, "'" + key + "' is not an error-handling option (error.*)"));
            }
        }
        if (errors.isEmpty()) {
            parse("the job", "job", jobOptions, jobOptions.keySet(), lateRows, errors);
        }
        return errors;
    }

    /**
     * The job's dead-letter target for the late rows of one window operator ({@code 'sabot.late-data' =
     * 'dead-letter'}): the target of the job's {@code error.dead-letter.*} options, shared with the tables that use
     * the same options. Call after {@link #validateJob validateJob(true)}.
     *
     * @param operator the operator's id
     * @param table the table the operator's rows come from, or null when not one table
     * @param input the operator's input columns, which name a dead letter's row
     * @param errors receives why there is no target (the options were refused, or the target failed to start)
     * @return the operator's late rows' target, or null when {@code errors} got problems
     */
    public LateRows lateRows(String operator, String table, io.sabot.plan.RowType input, List<OptionError> errors) {
        List<OptionError> problems = new ArrayList<>();
        Spec spec = parse("the job", "job", jobOptions, jobOptions.keySet(), true, problems);
        DeadLetterQueue target = problems.isEmpty() ? target(spec, targetName("job"), problems) : null;
        if (target == null) {
            errors.addAll(problems);
            return null;
        }
        return new LateRows(target, tenant, job, operator, table, input);
    }

    /**
     * The error handling of one table: the job's options overlaid with the table's {@code error.*} options. Identical
     * configurations share their handlers and dead-letter target.
     *
     * @param table the table's name, for messages
     * @param tableOptions all the table's options; only {@code error.*} keys are read
     * @param errors receives the problems, each naming its key
     * @return the table's handling, or null when {@code errors} got problems
     */
    public TableErrors forTable(String table, Map<String, String> tableOptions, List<OptionError> errors) {
        Map<String, String> own = new LinkedHashMap<>();
        tableOptions.forEach((k, v) -> {
            if (isErrorOption(k)) {
                own.put(k, v);
            }
        });
        Map<String, String> merged = new LinkedHashMap<>(jobOptions);
        if (own.containsKey(HANDLER) || own.containsKey(HANDLERS) || own.containsKey(STRATEGY)) {
            merged.remove(HANDLER); // the table's chain replaces the job's
            merged.remove(HANDLERS);
            merged.remove(STRATEGY);
        }
        merged.putAll(own);
        int before = errors.size();
        Spec spec = parse("table '" + table + "'", table, merged, own.keySet(), false, errors);
        if (errors.size() > before) {
            return null;
        }
        return build(spec, table, errors);
    }

    /**
     * The job's own error handling (its {@code SET 'error.*'} options), for failures of rows that are not one table's
     * (after a join or an aggregation). Shares handlers and target with the tables of the same configuration. Call
     * after {@link #validateJob} found no problem.
     *
     * @param errors receives the problems
     * @return the job's handling, or null when {@code errors} got problems
     */
    public TableErrors forJob(List<OptionError> errors) {
        int before = errors.size();
        // validateJob has checked every key; a target for late rows only is not a handler's
        Spec spec = parse("the job", "job", jobOptions, Set.of(), false, errors);
        if (errors.size() > before) {
            return null;
        }
        return build(spec, null, errors);
    }

    /** A validated configuration. */
    private record Spec(
            Map<String, String> key,
            List<String> chain,
            Map<String, ValidatedOptions> handlerOptions,
            DeadLetterSinkFactory deadLetterFactory,
            ValidatedOptions deadLetterOptions,
            Duration deadLetterTimeout,
            int maxRetries) {}

    /**
     * Parses and validates {@code options}. Unknown keys are reported only when they are in {@code checked} (a table
     * need not answer for job keys of handlers it does not use). With {@code lateRows} a dead-letter target is needed
     * whatever the chain.
     */
    private Spec parse(
            String subject,
            String name,
            Map<String, String> options,
            Set<String> checked,
            boolean lateRows,
            List<OptionError> errors) {
        List<String> chain = new ArrayList<>();
        String handlerKey = options.containsKey(HANDLER) ? HANDLER : HANDLERS;
        if (options.containsKey(HANDLER) && options.containsKey(HANDLERS)) {
            errors.add(error(
                    subject,
                    HANDLERS,
                    OptionError.Kind.INVALID,
                    "give either '" + HANDLER + "' or '" + HANDLERS + "', not both"));
        }
        if (options.containsKey(handlerKey)) {
            if (options.containsKey(STRATEGY)) {
                errors.add(error(
                        subject,
                        STRATEGY,
                        OptionError.Kind.INVALID,
                        "give either '" + handlerKey + "' or '" + STRATEGY + "', not both"));
            }
            for (String id : options.get(handlerKey).split(",")) {
                if (!id.isBlank()) {
                    chain.add(id.strip());
                }
            }
            if (chain.isEmpty()) {
                errors.add(error(subject, handlerKey, OptionError.Kind.INVALID, "names no handler"));
            }
        } else if (options.containsKey(STRATEGY)) {
            try {
                Strategy strategy = Strategy.parse(options.get(STRATEGY));
                strategy.handlerIdentifier().ifPresent(chain::add);
            } catch (IllegalArgumentException e) {
                errors.add(error(subject, STRATEGY, OptionError.Kind.INVALID, e.getMessage()));
            }
        }
        int maxRetries = DEFAULT_MAX_RETRIES;
        if (options.containsKey(MAX_RETRIES)) {
            try {
                maxRetries = Integer.parseInt(options.get(MAX_RETRIES).strip());
                if (maxRetries < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                errors.add(error(
                        subject,
                        MAX_RETRIES,
                        OptionError.Kind.INVALID,
                        "'" + options.get(MAX_RETRIES) + "' is not a number of retries (0 or more)"));
            }
        }
        Map<String, ValidatedOptions> handlerOptions = new LinkedHashMap<>();
        // error.dead-letter.* holds the dead-letter handler's own keys and its target's: split by the handler's keys
        List<String> deadLetterHandlerKeys = List.of();
        for (String id : chain) {
            var factory = resolver.errorHandlerFactory(id);
            if (factory.isEmpty()) {
                errors.add(error(
                        subject,
                        handlerKey,
                        OptionError.Kind.INVALID,
                        "no error handler '" + id + "' is installed (installed: " + resolver.errorHandlerIdentifiers()
                                + ")"));
                continue;
            }
            Map<String, String> own = optionsUnder(options, PREFIX + id + ".");
            if (id.equals(DEAD_LETTER)) {
                deadLetterHandlerKeys = factory.get().options().stream()
                        .map(OptionDescriptor::key)
                        .toList();
                own.keySet().retainAll(deadLetterHandlerKeys);
                boolean ownTarget = checked.stream().anyMatch(k -> k.startsWith(PREFIX + DEAD_LETTER + "."));
                own.put("target", targetName(ownTarget ? name : "job"));
            }
            if (id.equals("retry") && options.containsKey(MAX_RETRIES) && !own.containsKey("max-retries")) {
                own.put("max-retries", options.get(MAX_RETRIES));
            }
            ValidationResult result = factory.get().validate("error handler '" + id + "' of " + subject, own);
            if (result.isValid()) {
                handlerOptions.put(id, result.orThrow());
            } else {
                for (OptionError e : result.errors()) {
                    String key = PREFIX + id + "." + e.key();
                    errors.add(error(subject, key, e.kind(), e.message()));
                }
            }
        }
        checkBreakerAgainstRetries(subject, chain, handlerOptions, options.containsKey(MAX_RETRIES), errors);
        DeadLetterSinkFactory deadLetterFactory = null;
        ValidatedOptions deadLetterOptions = null;
        Duration deadLetterTimeout = TIMEOUT.defaultValue();
        if (chain.contains(DEAD_LETTER) || lateRows) {
            String type = options.get(DEAD_LETTER_CONNECTOR);
            if (options.containsKey("error.dead-letter.target")) {
                errors.add(error(
                        subject,
                        "error.dead-letter.target",
                        OptionError.Kind.INVALID,
                        "named dead-letter targets are not configurable yet; give the target inline with '"
                                + DEAD_LETTER_CONNECTOR + "' and its options"));
            } else if (type == null) {
                errors.add(error(
                        subject,
                        DEAD_LETTER_CONNECTOR,
                        OptionError.Kind.MISSING,
                        (chain.contains(DEAD_LETTER)
                                        ? "the dead-letter handler needs a target"
                                        : "'sabot.late-data' = 'dead-letter' sends late rows to the job's dead-letter"
                                                + " target, and the job has none")
                                + ": set '" + DEAD_LETTER_CONNECTOR + "' (installed: "
                                + resolver.deadLetterSinkIdentifiers() + ") and its options"));
            } else {
                var factory = resolver.deadLetterSinkFactory(type.strip());
                if (factory.isEmpty()) {
                    errors.add(error(
                            subject,
                            DEAD_LETTER_CONNECTOR,
                            OptionError.Kind.INVALID,
                            "no dead-letter sink '" + type + "' is installed (installed: "
                                    + resolver.deadLetterSinkIdentifiers() + ")"));
                } else {
                    deadLetterFactory = factory.get();
                    Map<String, String> sinkOptions = optionsUnder(options, PREFIX + DEAD_LETTER + ".");
                    sinkOptions.remove("connector");
                    String timeout = sinkOptions.remove("timeout");
                    if (timeout != null) {
                        ValidationResult parsed = OptionValidation.validate(
                                subject, Map.of(TIMEOUT.key(), timeout), List.of(TIMEOUT), Set.of());
                        if (parsed.isValid()) {
                            deadLetterTimeout = parsed.orThrow().get(TIMEOUT);
                        } else {
                            parsed.errors()
                                    .forEach(e -> errors.add(error(
                                            subject, DEAD_LETTER_TIMEOUT, OptionError.Kind.INVALID, e.message())));
                        }
                    }
                    sinkOptions.keySet().removeAll(deadLetterHandlerKeys);
                    ValidationResult result =
                            deadLetterFactory.validate("dead-letter sink '" + type + "' of " + subject, sinkOptions);
                    if (result.isValid()) {
                        deadLetterOptions = result.orThrow();
                    } else {
                        for (OptionError e : result.errors()) {
                            errors.add(error(subject, PREFIX + DEAD_LETTER + "." + e.key(), e.kind(), e.message()));
                        }
                    }
                }
            }
        }
        for (String key : checked) {
            if (!known(key, chain, lateRows)) {
                errors.add(error(
                        subject,
                        key,
                        OptionError.Kind.UNKNOWN,
                        "unknown error option (known: " + HANDLER + ", " + STRATEGY + ", " + MAX_RETRIES
                                + ", error.<handler>.* for the handlers in " + HANDLER + " " + chain + ")"));
            }
        }
        Map<String, String> key = new LinkedHashMap<>(options);
        key.keySet().removeIf(k -> !known(k, chain, lateRows));
        return new Spec(
                key, chain, handlerOptions, deadLetterFactory, deadLetterOptions, deadLetterTimeout, maxRetries);
    }

    /**
     * In {@code circuit-breaker, retry} the breaker counts each failed attempt and passes it on to {@code retry}; one
     * write's attempts are at most {@code max-retries + 1}, so a {@code failure-threshold} above that is never reached
     * by a retried write: the retries run out and the job fails with the breaker closed. Refused, naming both options.
     */
    private void checkBreakerAgainstRetries(
            String subject,
            List<String> chain,
            Map<String, ValidatedOptions> handlerOptions,
            boolean jobMaxRetries,
            List<OptionError> errors) {
        int breaker = chain.indexOf("circuit-breaker");
        int retry = chain.indexOf("retry");
        if (breaker < 0
                || retry < breaker
                || !handlerOptions.containsKey("circuit-breaker")
                || !handlerOptions.containsKey("retry")) {
            return;
        }
        Object threshold = value("circuit-breaker", handlerOptions.get("circuit-breaker"), "failure-threshold");
        Object retries = value("retry", handlerOptions.get("retry"), "max-retries");
        if (threshold instanceof Integer t && retries instanceof Integer r && t > r + 1) {
            String retriesKey =
                    jobMaxRetries ? MAX_RETRIES + "' (or 'error.retry.max-retries" : "error.retry.max-retries";
            errors.add(error(
                    subject,
                    "error.circuit-breaker.failure-threshold",
                    OptionError.Kind.INVALID,
                    "is " + t + ", but with '" + retriesKey + "' = " + r + " one write makes at most " + (r + 1)
                            + " attempts: its retries run out before the circuit breaker opens. Set"
                            + " 'error.circuit-breaker.failure-threshold' to at most " + (r + 1) + " or raise '"
                            + retriesKey + "' to at least " + (t - 1)));
        }
    }

    /** The value of a handler's option {@code key}, by the handler's own descriptor (its default included). */
    private Object value(String handler, ValidatedOptions options, String key) {
        return resolver.errorHandlerFactory(handler)
                .flatMap(f -> f.options().stream()
                        .filter(d -> d.key().equals(key) && !d.isTemplate())
                        .findFirst())
                .map(d -> (Object) options.get(d))
                .orElse(null);
    }

    /** A valid target name ([a-z0-9._-], from a letter or digit) for the dead letters of a table or the job. */
    static String targetName(String of) {
        String name = of.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-") + "-dead-letters";
        name = name.replaceFirst("^[^a-z0-9]+", "");
        return name.length() > 128 ? name.substring(name.length() - 128) : name;
    }

    private static boolean known(String key, List<String> chain, boolean lateRows) {
        if (key.equals(HANDLER) || key.equals(HANDLERS) || key.equals(STRATEGY) || key.equals(MAX_RETRIES)) {
            return true;
        }
        if (lateRows && key.startsWith(PREFIX + DEAD_LETTER + ".")) {
            return true;
        }
        for (String id : chain) {
            if (key.startsWith(PREFIX + id + ".")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> optionsUnder(Map<String, String> options, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static OptionError error(String subject, String key, OptionError.Kind kind, String message) {
        return new OptionError(key, kind, subject + ": option '" + key + "': " + message);
    }

    /**
     * The dead-letter target of a validated configuration with a target: the one already created for the same {@code
     * error.dead-letter.*} options, or a new one named {@code name}.
     *
     * @return the target, or null when it could not be created ({@code errors} says why)
     */
    private DeadLetterQueue target(Spec spec, String name, List<OptionError> errors) {
        Map<String, String> targetKey = new LinkedHashMap<>(spec.key());
        targetKey.keySet().removeIf(k -> !k.startsWith(PREFIX + DEAD_LETTER + "."));
        DeadLetterQueue target = targets.get(targetKey);
        if (target != null) {
            return target;
        }
        ValidatedOptions sinkOptions = spec.deadLetterOptions();
        try {
            target = new DeadLetterQueue(
                    name,
                    spec.deadLetterFactory().createDeadLetterSink(new DeadLetterContext() {
                        @Override
                        public String tenantId() {
                            return tenant;
                        }

                        @Override
                        public String targetName() {
                            return name;
                        }

                        @Override
                        public ValidatedOptions options() {
                            return sinkOptions;
                        }
                    }),
                    spec.deadLetterTimeout());
        } catch (RuntimeException e) {
            errors.add(new OptionError(
                    DEAD_LETTER_CONNECTOR,
                    OptionError.Kind.INVALID,
                    "dead-letter target '" + name + "' could not be created: " + e.getMessage()));
            return null;
        }
        targets.put(targetKey, target);
        return target;
    }

    /**
     * The handling of {@code table} (null: the job's own), created once per table: a table's handlers count its
     * records ({@code sabot.<tenant>.<job>.<table>.records-skipped}, {@code …records-dead-lettered}).
     */
    private TableErrors build(Spec spec, String table, List<OptionError> errors) {
        Map<String, String> key = new LinkedHashMap<>(spec.key());
        key.put("\0table", table == null ? "" : table);
        TableErrors existing = chains.get(key);
        if (existing != null) {
            return existing;
        }
        DeadLetterQueue target = null;
        String targetName = null;
        if (spec.deadLetterFactory() != null) {
            targetName = spec.handlerOptions().get(DEAD_LETTER).get(TARGET);
            target = target(spec, targetName, errors);
            if (target == null) {
                return null;
            }
        }
        List<ErrorHandler> chain = new ArrayList<>();
        Set<String> targetNames = targetName == null ? Set.of() : Set.of(targetName);
        for (String id : spec.chain()) {
            ValidatedOptions options = spec.handlerOptions().get(id);
            ErrorHandlerFactory factory = resolver.errorHandlerFactory(id).orElseThrow();
            try {
                ErrorHandler handler = factory.createErrorHandler(new ErrorHandlerContext() {
                    @Override
                    public String tenantId() {
                        return tenant;
                    }

                    @Override
                    public String jobId() {
                        return job;
                    }

                    @Override
                    public ValidatedOptions options() {
                        return options;
                    }

                    @Override
                    public Set<String> deadLetterTargets() {
                        return targetNames;
                    }

                    @Override
                    public Clock clock() {
                        return Clock.systemUTC();
                    }
                });
                handlers.add(handler);
                chain.add(handler);
            } catch (RuntimeException e) {
                errors.add(new OptionError(
                        PREFIX + id,
                        OptionError.Kind.INVALID,
                        "error handler '" + id + "' could not be created: " + e.getMessage()));
                return null;
            }
        }
        Counter tableSkipped = null;
        Counter tableDeadLettered = null;
        if (table != null && !chain.isEmpty()) {
            tableSkipped = metrics.register(metrics.tableName(table, StandardMetric.RECORDS_SKIPPED), new Counter());
            tableDeadLettered =
                    metrics.register(metrics.tableName(table, StandardMetric.RECORDS_DEAD_LETTERED), new Counter());
        }
        TableErrors handling = new TableErrors(
                List.copyOf(chain),
                List.copyOf(spec.chain()),
                target,
                spec.maxRetries(),
                skipped,
                deadLettered,
                retries,
                metrics,
                tableSkipped,
                tableDeadLettered);
        chains.put(key, handling);
        return handling;
    }

    /**
     * Makes every dead letter queued so far durable: called before a task acknowledges a checkpoint, so that a
     * completed checkpoint never lies past a record that is in no target.
     */
    public void flush() throws Exception {
        for (DeadLetterQueue target : targets.values()) {
            target.flush();
        }
    }

    /** Whether the job has a dead-letter target at all (no flush work otherwise). */
    public boolean hasTargets() {
        return !targets.isEmpty();
    }

    /**
     * Closes handlers and targets. With {@code flush} (a job that ends well), queued dead letters are written and made
     * durable first, and a failure to do so is thrown.
     */
    public void close(boolean flush) throws Exception {
        Exception error = null;
        for (DeadLetterQueue target : targets.values()) {
            try {
                target.close(flush);
            } catch (Exception e) {
                if (error == null) {
                    error = e;
                }
            }
        }
        for (ErrorHandler handler : handlers) {
            try {
                handler.close();
            } catch (RuntimeException e) {
                // a handler's close cannot lose data; the job's outcome stands
            }
        }
        if (error != null) {
            throw error;
        }
    }
}
