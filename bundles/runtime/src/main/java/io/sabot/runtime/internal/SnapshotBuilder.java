package io.sabot.runtime.internal;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.OptionValidation;
import io.sabot.plugin.PluginFactory;
import io.sabot.runtime.OptionInfo;
import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns bound services into a snapshot: checks each plug-in's declarations and ranks plug-ins sharing an id. */
final class SnapshotBuilder {

    static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    static final Comparator<PluginFailure> FAILURE_ORDER = Comparator.comparing(PluginFailure::bundleSymbolicName)
            .thenComparing(PluginFailure::identifier)
            .thenComparingLong(PluginFailure::serviceId);

    /** A bound service as plain data. */
    record Candidate(
            PluginKind kind,
            List<String> roles,
            long serviceId,
            int ranking,
            Object identifierProperty,
            String bundleSymbolicName,
            String bundleVersion,
            long bundleId,
            PluginFactory factory) {}

    private SnapshotBuilder() {}

    static PluginSnapshot build(long generation, List<Candidate> candidates, List<PluginFailure> bundleFailures) {
        List<PluginFailure> failures = new ArrayList<>(bundleFailures);
        Map<String, List<Valid>> byId = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            Object checked = check(candidate);
            if (checked instanceof PluginFailure failure) {
                failures.add(failure);
            } else {
                Valid valid = (Valid) checked;
                byId.computeIfAbsent(candidate.kind() + "/" + valid.identifier, k -> new ArrayList<>())
                        .add(valid);
            }
        }
        List<PluginInfo> plugins = new ArrayList<>();
        for (List<Valid> group : byId.values()) {
            // As OSGi ranks services: highest ranking first, then the oldest (lowest service id).
            group.sort(Comparator.comparingInt((Valid v) -> -v.candidate.ranking())
                    .thenComparingLong(v -> v.candidate.serviceId()));
            for (int i = 0; i < group.size(); i++) {
                plugins.add(group.get(i).info(i == 0 ? PluginInfo.State.ACTIVE : PluginInfo.State.SHADOWED));
            }
        }
        plugins.sort(Comparator.comparing(PluginInfo::kind)
                .thenComparing(PluginInfo::identifier)
                .thenComparingInt(p -> -p.ranking())
                .thenComparingLong(PluginInfo::serviceId));
        failures.sort(FAILURE_ORDER);
        return new PluginSnapshot(generation, plugins, failures);
    }

    private record Valid(Candidate candidate, String identifier, String description, List<OptionInfo> options) {
        PluginInfo info(PluginInfo.State state) {
            return new PluginInfo(
                    candidate.kind(),
                    identifier,
                    candidate.roles(),
                    description,
                    candidate.bundleSymbolicName(),
                    candidate.bundleVersion(),
                    candidate.bundleId(),
                    candidate.serviceId(),
                    candidate.ranking(),
                    state,
                    options);
        }
    }

    /** A {@link Valid} plug-in, or the {@link PluginFailure} saying what is wrong with it. */
    private static Object check(Candidate c) {
        String property = c.kind().serviceProperty();
        Object declared = c.identifierProperty();
        String declaredId = declared instanceof String s ? s : "";
        if (!(declared instanceof String)) {
            return failure(
                    c,
                    declaredId,
                    declared == null
                            ? "registered without the service property " + property + "=<identifier>"
                            : "service property " + property + " must be a single string, not " + declared);
        }
        String identifier;
        String description;
        List<OptionDescriptor<?>> options;
        try {
            identifier = c.factory().identifier();
            description = c.factory().description();
            options = c.factory().options();
        } catch (RuntimeException | LinkageError e) {
            return failure(c, declaredId, "the factory threw " + e + " when asked for its identifier or options");
        }
        if (!declaredId.equals(identifier)) {
            return failure(
                    c,
                    declaredId,
                    "registered with " + property + "=" + declaredId + " but the factory's identifier() is '"
                            + identifier + "'");
        }
        if (!IDENTIFIER.matcher(identifier).matches()) {
            return failure(
                    c,
                    declaredId,
                    "identifier '" + identifier
                            + "' is invalid: use lower-case letters and digits, words separated by '-'");
        }
        if (options == null) {
            return failure(c, declaredId, "options() returned null");
        }
        Set<String> keys = new HashSet<>();
        List<String> problems = new ArrayList<>();
        List<OptionInfo> infos = new ArrayList<>();
        for (OptionDescriptor<?> option : options) {
            if (option == null) {
                problems.add("a null option descriptor");
                continue;
            }
            if (!OptionValidation.isValidKey(option.key())) {
                problems.add("invalid option key '" + option.key() + "'");
            }
            if (!keys.add(option.key())) {
                problems.add("option '" + option.key() + "' declared twice");
            }
            infos.add(new OptionInfo(
                    option.key(),
                    option.type().displayName(),
                    option.defaultValueText(),
                    option.isRequired(),
                    option.isSecret(),
                    option.description(),
                    option.allowedValues()));
        }
        if (!problems.isEmpty()) {
            return failure(c, declaredId, "invalid option declarations: " + String.join("; ", problems));
        }
        infos.sort(Comparator.comparing(OptionInfo::key));
        return new Valid(c, identifier, description == null ? "" : description, infos);
    }

    private static PluginFailure failure(Candidate c, String identifier, String reason) {
        return new PluginFailure(
                c.kind(), identifier, c.bundleSymbolicName(), c.bundleVersion(), c.bundleId(), c.serviceId(), reason);
    }
}
