package io.sabot.state.spi.snapshot;

import io.sabot.state.spi.IncompatibleStateException;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.KeyGroups;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.TimerDescriptor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The manifest of one operator's keyed state in one checkpoint or savepoint: the content of its {@value
 * SnapshotFormat#MANIFEST_FILE}, component for component (see {@link io.sabot.state.spi.snapshot} for the JSON form
 * and an example). Written by the runtime, read by the runtime and by tools; backends receive it through {@link
 * StateRestore#manifest()}.
 *
 * <p>The record checks its own consistency on construction, so a manifest that exists is one a backend can trust:
 * names unique, every file belonging to a declared state or timer service, file ranges within the key groups, and
 * the files of one state or timer service never overlapping (each key group's rows are in at most one file).
 *
 * <p>Immutable and thread-safe (the lists are copied).
 *
 * @param formatVersion the format version the data files follow, {@code >= 1}
 * @param tenantId the tenant the job belongs to
 * @param jobId the job's identifier
 * @param operatorId the operator's identifier, which matches restored state to operators
 * @param checkpointId the checkpoint's id, {@code >= 0}
 * @param savepoint whether this is a savepoint (kept until deleted by the user) rather than a checkpoint (deleted by
 *     the runtime once superseded)
 * @param createdAt when the manifest was written
 * @param backend the identifier of the backend that wrote the data files
 * @param backendVersion that backend bundle's version
 * @param maxParallelism the number of key groups, which a restoring job must share
 * @param parallelism the operator's parallelism when the snapshot was taken (informative)
 * @param states the descriptors of the operator's states, each name once
 * @param timers the descriptors of the operator's timer services, each name once
 * @param files the data files, sorted by kind, name and first key group
 */
public record OperatorStateManifest(
        int formatVersion,
        String tenantId,
        String jobId,
        String operatorId,
        long checkpointId,
        boolean savepoint,
        Instant createdAt,
        String backend,
        String backendVersion,
        int maxParallelism,
        int parallelism,
        List<StateDescriptor> states,
        List<TimerDescriptor> timers,
        List<StateFile> files) {

    private static final Comparator<StateFile> FILE_ORDER = Comparator.comparing(StateFile::kind)
            .thenComparing(StateFile::name)
            .thenComparingInt(f -> f.keyGroups().first());

    /**
     * Checks consistency and copies the lists (files sorted in {@code kind, name, first key group} order).
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException naming the first inconsistency
     */
    public OperatorStateManifest {
        if (formatVersion < 1) {
            throw new IllegalArgumentException("invalid format version " + formatVersion);
        }
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(operatorId, "operatorId");
        if (checkpointId < 0) {
            throw new IllegalArgumentException("negative checkpoint id " + checkpointId);
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(backendVersion, "backendVersion");
        KeyGroups.checkParallelism(maxParallelism, parallelism);
        states = List.copyOf(states);
        timers = List.copyOf(timers);
        List<StateFile> sorted = new ArrayList<>(files);
        sorted.sort(FILE_ORDER);
        files = List.copyOf(sorted);

        Set<String> stateNames = KeyedStateSnapshot.names(
                states.stream().map(StateDescriptor::name).toList(), "state");
        Set<String> timerNames = KeyedStateSnapshot.names(
                timers.stream().map(TimerDescriptor::name).toList(), "timer service");
        KeyGroupRange all = KeyGroupRange.of(0, maxParallelism - 1);
        StateFile previous = null;
        for (StateFile file : files) {
            Set<String> declared = file.kind() == StateFile.Kind.STATE ? stateNames : timerNames;
            if (file.kind() == StateFile.Kind.NATIVE) {
                // a backend's own files: several per key-group range, named by the backend
                if (!all.contains(file.keyGroups())) {
                    throw new IllegalArgumentException("file '" + file.path() + "' covers key groups "
                            + file.keyGroups() + " beyond max-parallelism " + maxParallelism);
                }
                continue;
            }
            if (!declared.contains(file.name())) {
                throw new IllegalArgumentException(
                        "file '" + file.path() + "' belongs to undeclared " + file.kind() + " '" + file.name() + "'");
            }
            if (!all.contains(file.keyGroups())) {
                throw new IllegalArgumentException("file '" + file.path() + "' covers key groups " + file.keyGroups()
                        + " beyond max-parallelism " + maxParallelism);
            }
            if (previous != null
                    && previous.kind() == file.kind()
                    && previous.name().equals(file.name())
                    && previous.keyGroups().overlaps(file.keyGroups())) {
                throw new IllegalArgumentException(
                        "files '" + previous.path() + "' and '" + file.path() + "' overlap in key groups");
            }
            previous = file;
        }
    }

    /**
     * Merges the reports of all subtasks of an operator into its manifest, in format version {@value
     * SnapshotFormat#FORMAT_VERSION}: what the runtime writes once every subtask has acknowledged a checkpoint.
     *
     * <p>The reports must come from one snapshot: one per subtask (the parallelism is their number), key-group ranges
     * that are disjoint and together cover {@code [0, maxParallelism)}, the same backend, and equal descriptors
     * wherever two subtasks declare the same name. States declared by some subtasks only (created lazily) are kept.
     *
     * @throws IllegalArgumentException naming the inconsistency otherwise
     */
    public static OperatorStateManifest merge(
            String tenantId,
            String jobId,
            String operatorId,
            long checkpointId,
            boolean savepoint,
            Instant createdAt,
            int maxParallelism,
            List<KeyedStateSnapshot> subtasks) {
        KeyGroups.checkMaxParallelism(maxParallelism);
        if (subtasks.isEmpty()) {
            throw new IllegalArgumentException("no subtask reported for operator '" + operatorId + "'");
        }
        List<KeyedStateSnapshot> ordered = new ArrayList<>(subtasks);
        ordered.sort(Comparator.comparingInt(s -> s.keyGroups().first()));
        int next = 0;
        for (KeyedStateSnapshot subtask : ordered) {
            if (subtask.keyGroups().isEmpty() || subtask.keyGroups().first() != next) {
                throw new IllegalArgumentException("operator '" + operatorId + "': subtask ranges leave a gap or"
                        + " overlap at key group " + next + " (subtask " + subtask.subtaskIndex() + " has "
                        + subtask.keyGroups() + ")");
            }
            next = subtask.keyGroups().last() + 1;
        }
        if (next != maxParallelism) {
            throw new IllegalArgumentException("operator '" + operatorId + "': subtask ranges end at key group "
                    + (next - 1) + ", not at " + (maxParallelism - 1));
        }
        String backend = ordered.get(0).backend();
        Map<String, StateDescriptor> states = new LinkedHashMap<>();
        Map<String, TimerDescriptor> timers = new LinkedHashMap<>();
        List<StateFile> files = new ArrayList<>();
        for (KeyedStateSnapshot subtask : ordered) {
            if (!subtask.backend().equals(backend)) {
                throw new IllegalArgumentException("operator '" + operatorId + "': subtasks written by backends '"
                        + backend + "' and '" + subtask.backend() + "'");
            }
            for (StateDescriptor state : subtask.states()) {
                StateDescriptor known = states.putIfAbsent(state.name(), state);
                if (known != null && !known.equals(state)) {
                    throw new IllegalArgumentException(
                            "operator '" + operatorId + "': subtasks declare state '" + state.name() + "' differently");
                }
            }
            for (TimerDescriptor timer : subtask.timers()) {
                TimerDescriptor known = timers.putIfAbsent(timer.name(), timer);
                if (known != null && !known.equals(timer)) {
                    throw new IllegalArgumentException("operator '" + operatorId + "': subtasks declare timer service '"
                            + timer.name() + "' differently");
                }
            }
            files.addAll(subtask.files());
        }
        return new OperatorStateManifest(
                SnapshotFormat.FORMAT_VERSION,
                tenantId,
                jobId,
                operatorId,
                checkpointId,
                savepoint,
                createdAt,
                backend,
                ordered.get(0).backendVersion(),
                maxParallelism,
                subtasks.size(),
                new ArrayList<>(states.values()),
                new ArrayList<>(timers.values()),
                files);
    }

    /**
     * The files a subtask owning {@code keyGroups} must read on restore: those whose key-group ranges overlap it, in
     * manifest order. After rescaling these come from several old subtasks; the reader keeps only the rows whose key
     * group lies in {@code keyGroups}.
     */
    public List<StateFile> filesOverlapping(KeyGroupRange keyGroups) {
        List<StateFile> result = new ArrayList<>();
        for (StateFile file : files) {
            if (file.keyGroups().overlaps(keyGroups)) {
                result.add(file);
            }
        }
        return List.copyOf(result);
    }

    /** The descriptor of the state named {@code name}, if the manifest declares one. */
    public Optional<StateDescriptor> state(String name) {
        return states.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The descriptor of the timer service named {@code name}, if the manifest declares one. */
    public Optional<TimerDescriptor> timer(String name) {
        return timers.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Checks that a job with {@code maxParallelism} key groups, reading format versions up to {@value
     * SnapshotFormat#FORMAT_VERSION}, can restore this manifest: what every backend checks first in {@link
     * io.sabot.state.spi.KeyedStateBackend#restore}.
     *
     * @throws IncompatibleStateException naming the operator and what differs
     */
    /**
     * Whether the snapshot is an incremental checkpoint in a backend's native format ({@link StateFile.Kind#NATIVE}
     * files), which only that backend ({@link #backend()}) can restore.
     *
     * @since 1.1
     */
    public boolean isNative() {
        for (StateFile file : files) {
            if (file.kind() == StateFile.Kind.NATIVE) {
                return true;
            }
        }
        return false;
    }

    public void checkRestorable(int maxParallelism) {
        if (formatVersion > SnapshotFormat.FORMAT_VERSION) {
            throw new IncompatibleStateException("state of operator '" + operatorId + "' in checkpoint "
                    + checkpointId + " has format version " + formatVersion + "; this reader knows up to "
                    + SnapshotFormat.FORMAT_VERSION);
        }
        if (maxParallelism != this.maxParallelism) {
            throw new IncompatibleStateException("state of operator '" + operatorId + "' in checkpoint "
                    + checkpointId + " was written with max-parallelism " + this.maxParallelism
                    + "; the job now has " + maxParallelism + ", and key groups cannot change");
        }
    }
}
