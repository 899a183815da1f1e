package io.sabot.sql.internal;

import io.sabot.plan.LatePolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session settings of the late-data policy, validated at {@code SET} time and turned into the plan's {@link
 * LatePolicy} at planning: {@value #ALLOW_LATENESS} (Flink's key, a duration, default 0) and {@value #LATE_DATA}
 * ({@code drop}, the default; {@code update}, within the allowed lateness; or {@code dead-letter}: late rows go to the
 * job's dead-letter target, {@code error.dead-letter.connector} and its options, which the job checks when it
 * starts). Other {@code sabot.*} keys are refused; keys outside {@code sabot.} are Flink's and pass through.
 */
public final class LateDataSettings {

    /** Flink's key: how long after a window's end late rows still update it. */
    public static final String ALLOW_LATENESS = "table.exec.emit.allow-lateness";

    /** What late rows do: drop (and count), update (within the allowed lateness), dead-letter. */
    public static final String LATE_DATA = "sabot.late-data";

    /** A job's memory limit; the runtime checks its value when the job starts (it owns the allocators). */
    public static final String JOB_MEMORY_MAX = "sabot.job.memory.max";

    /** The {@code sabot.*} session properties Sabot knows. */
    public static final List<String> SABOT_KEYS = List.of(LATE_DATA, JOB_MEMORY_MAX);

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-zµ]*)");

    private LateDataSettings() {}

    /**
     * Checks a {@code SET 'key' = 'value'}.
     *
     * @throws PlanningException naming the key and the allowed values
     */
    public static void validate(String key, String value) {
        if (key.equals(ALLOW_LATENESS)) {
            lateness(value);
        } else if (key.equals(LATE_DATA)) {
            mode(value);
        } else if (key.startsWith("sabot.") && !key.equals(JOB_MEMORY_MAX)) {
            throw new PlanningException("Unknown session property '" + key + "'. Supported 'sabot.' properties: "
                    + String.join(
                            ", ", SABOT_KEYS.stream().map(k -> "'" + k + "'").toList()));
        }
    }

    /** The policy the settings ask for (defaults: drop, no lateness). */
    public static LatePolicy policy(Map<String, String> settings) {
        String mode = settings.get(LATE_DATA);
        String lateness = settings.get(ALLOW_LATENESS);
        return new LatePolicy(
                mode == null ? LatePolicy.Mode.DROP : mode(mode), lateness == null ? 0 : lateness(lateness));
    }

    static LatePolicy.Mode mode(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "drop":
                return LatePolicy.Mode.DROP;
            case "update":
                return LatePolicy.Mode.UPDATE;
            case "dead-letter":
                return LatePolicy.Mode.DEAD_LETTER;
            default:
                throw new PlanningException("Invalid value '" + value + "' for '" + LATE_DATA
                        + "': allowed values are 'drop', 'update' and 'dead-letter'");
        }
    }

    /** A duration in Flink's syntax ({@code 1 min}, {@code 10 s}, {@code 500ms}, {@code 2h}; no unit: ms) in ms. */
    static long lateness(String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        long unit = m.matches() ? unitMillis(m.group(2)) : -1;
        if (unit < 0) {
            throw new PlanningException("Invalid value '" + value + "' for '" + ALLOW_LATENESS
                    + "': expected a duration >= 0 such as '0', '500 ms', '10 s', '1 min', '2 h' or '1 d'");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new PlanningException(
                    "Invalid value '" + value + "' for '" + ALLOW_LATENESS + "': the duration is too large");
        }
    }

    private static long unitMillis(String unit) {
        switch (unit) {
            case "":
            case "ms":
            case "milli":
            case "millis":
            case "millisecond":
            case "milliseconds":
                return 1;
            case "s":
            case "sec":
            case "secs":
            case "second":
            case "seconds":
                return 1_000;
            case "m":
            case "min":
            case "mins":
            case "minute":
            case "minutes":
                return 60_000;
            case "h":
            case "hour":
            case "hours":
                return 3_600_000;
            case "d":
            case "day":
            case "days":
                return 86_400_000;
            default:
                return -1;
        }
    }
}
