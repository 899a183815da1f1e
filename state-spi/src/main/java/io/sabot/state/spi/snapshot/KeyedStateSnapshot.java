package io.sabot.state.spi.snapshot;

import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.TimerDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one subtask's backend reports when its part of a snapshot is written: the result of {@link
 * io.sabot.state.spi.KeyedStateBackend#snapshot}. The runtime merges the reports of all subtasks of an operator into
 * its {@link OperatorStateManifest} with {@link OperatorStateManifest#merge}.
 *
 * <p>Immutable and thread-safe (the lists are copied).
 *
 * @param subtaskIndex the reporting subtask's index
 * @param keyGroups the subtask's key-group range; every file lies within it
 * @param backend the identifier of the backend that wrote the files, e.g. {@code rocksdb}
 * @param backendVersion the backend bundle's version, for diagnostics
 * @param states the descriptors of every state the backend holds, used or only restored, each name once
 * @param timers the descriptors of every timer service the backend holds, each name once
 * @param files the data files written; a state or timer service with no rows may have none
 */
public record KeyedStateSnapshot(
        int subtaskIndex,
        KeyGroupRange keyGroups,
        String backend,
        String backendVersion,
        List<StateDescriptor> states,
        List<TimerDescriptor> timers,
        List<StateFile> files) {

    /**
     * Checks the components and copies the lists.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a name is declared twice, a file names an undeclared state or timer
     *     service, or a file's key groups lie outside {@code keyGroups}
     */
    public KeyedStateSnapshot {
        if (subtaskIndex < 0) {
            throw new IllegalArgumentException("negative subtask index " + subtaskIndex);
        }
        Objects.requireNonNull(keyGroups, "keyGroups");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(backendVersion, "backendVersion");
        states = List.copyOf(states);
        timers = List.copyOf(timers);
        files = List.copyOf(files);
        Set<String> stateNames =
                names(states.stream().map(StateDescriptor::name).toList(), "state");
        Set<String> timerNames =
                names(timers.stream().map(TimerDescriptor::name).toList(), "timer service");
        for (StateFile file : files) {
            Set<String> declared = file.kind() == StateFile.Kind.STATE ? stateNames : timerNames;
            if (file.kind() != StateFile.Kind.NATIVE && !declared.contains(file.name())) {
                throw new IllegalArgumentException(
                        "file '" + file.path() + "' belongs to undeclared " + file.kind() + " '" + file.name() + "'");
            }
            if (!keyGroups.contains(file.keyGroups())) {
                throw new IllegalArgumentException("file '" + file.path() + "' covers key groups " + file.keyGroups()
                        + " outside subtask " + subtaskIndex + "'s range " + keyGroups);
            }
        }
    }

    static Set<String> names(List<String> names, String what) {
        Set<String> set = new HashSet<>();
        for (String name : names) {
            if (!set.add(name)) {
                throw new IllegalArgumentException(what + " '" + name + "' is declared twice");
            }
        }
        return set;
    }
}
