/**
 * State backend SPI: where operators keep keyed state and timers between batches, and how that state is
 * snapshotted for checkpoints and restored after a failure, an upgrade or a change of parallelism.
 *
 * <p>A state backend bundle registers a {@link io.sabot.state.spi.StateBackendFactory} as an OSGi service with the
 * service property {@value io.sabot.state.spi.StateBackends#STATE_BACKEND_PROPERTY} set to its identifier (the word
 * users write in {@code state.backend = rocksdb}). For every parallel subtask of every stateful operator, the runtime
 * asks the factory for a {@link io.sabot.state.spi.KeyedStateBackend}, restores it from the latest checkpoint if
 * there is one, and then reads and writes state through it from the subtask's task thread.
 *
 * <h2>Addressing</h2>
 * Keyed state is addressed by <em>(operator, state name, key group, key)</em>:
 *
 * <ul>
 *   <li>the <b>operator</b> is implicit: one backend instance serves one subtask of one operator, and never sees
 *       another operator's state;
 *   <li>the <b>state name</b> and the Arrow types of its columns come from a {@link
 *       io.sabot.state.spi.StateDescriptor}; an operator may hold several states of different {@linkplain
 *       io.sabot.state.spi.StateType types} (value, list, map, reducing, aggregating);
 *   <li>the <b>key group</b> is a number in {@code [0, maxParallelism)} derived from the key's hash by {@link
 *       io.sabot.state.spi.KeyGroups}; it is the unit of rescaling: every key of a key group lives in the same
 *       subtask, and on rescale whole key groups move between subtasks;
 *   <li>the <b>key</b> is a tuple of Arrow values (one or more key columns, e.g. the {@code GROUP BY} columns, plus
 *       whatever the operator adds, such as a window's end).
 * </ul>
 *
 * <p>Two keys are equal when their key groups are equal and every key column holds an equal value, where null equals
 * null and floating-point values compare by their bits (the runtime normalises {@code -0.0} and NaN before hashing,
 * so a backend may compare keys by their encoded bytes).
 *
 * <h2>Batches, not rows</h2>
 * Operators exchange Arrow batches, and they reach their state in batches too: every read and write takes a {@link
 * io.sabot.state.spi.KeyBatch} (key columns plus the key group of every row, computed once by the keyed exchange)
 * and reads or writes column vectors, so an operator makes one call per batch, not one virtual call per row. A
 * one-row batch is the cold path (a single lookup during recovery or in a test); there is no separate per-key API
 * to keep in sync.
 *
 * <p>The backend never hashes keys: key groups arrive with the keys. It does check that every row's key group lies in
 * its {@link io.sabot.state.spi.KeyGroupRange}, because a row outside it is a routing bug that would otherwise
 * silently split a key's state across subtasks.
 *
 * <h2>Threading and blocking</h2>
 * A {@link io.sabot.state.spi.KeyedStateBackend}, the state handles and timer services it returns are used by exactly
 * one thread, the task thread of their subtask (its mailbox thread). They need no locks against the runtime, but
 * they are on the data path: a call may do the I/O its storage needs (a RocksDB read), but must not wait on
 * anything else (a remote system, a lock held by a background thread for long, a snapshot being written). The one
 * exception is the asynchronous part of a {@linkplain io.sabot.state.spi.KeyedStateBackend#snapshot snapshot},
 * which runs on another thread and only touches the copy taken at the barrier. Factories are stateless, thread-safe
 * services.
 *
 * <h2>Ownership of Arrow memory</h2>
 * Every buffer belongs to exactly one allocator, and the rules are the same for every call:
 *
 * <ul>
 *   <li><b>Inputs are borrowed.</b> Key columns, key-group arrays and value batches passed to a call belong to the
 *       caller, are not modified by the backend, and are valid only for the call: a backend that keeps data copies
 *       it into memory it owns (allocated from {@link io.sabot.state.spi.StateBackendContext#allocator()}, or
 *       off-heap in its store).
 *   <li><b>Outputs are the caller's vectors.</b> Results are written into vectors the caller created and owns; the
 *       backend writes rows {@code 0…n-1} in order with {@code setSafe} (so the vectors grow from their own
 *       allocator) and sets the value count (and the root's row count). Writing in row order is what makes
 *       variable-width vectors ({@code VarCharVector}) correct.
 *   <li><b>Backend memory is charged to the backend's allocator</b>, a child of the job's and tenant's allocators: its
 *       limit is the state's memory budget, and exceeding it fails with Arrow's {@code OutOfMemoryException} rather
 *       than taking the container down. The runtime closes that allocator after {@link
 *       io.sabot.state.spi.KeyedStateBackend#close()} and reports leaked buffers.
 * </ul>
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>{@link io.sabot.plugin.PluginException}: a problem of the outside world (disk full, remote store down);
 *       {@link io.sabot.plugin.PluginException#isRetriable()} says whether trying again may help. The job's error
 *       handler sees it as a {@code STATE} failure.
 *   <li>{@link io.sabot.state.spi.IncompatibleStateException}: stored state cannot be used as asked (a restored state
 *       whose columns differ from the new descriptor, another max-parallelism, an unknown format version). Never
 *       retriable: the user must change the job or start it without that state.
 *   <li>Arrow's {@code OutOfMemoryException}: the memory budget is exhausted.
 *   <li>{@link java.lang.IllegalArgumentException} and {@link java.lang.IllegalStateException}: a caller's bug (a key
 *       group outside the range, columns that do not match the descriptor, a call after close).
 *   <li>Anything else is a bug of the backend. Every exception from a state call fails the task, which restarts
 *       from the latest checkpoint: state is never half-written from the job's point of view.
 * </ul>
 *
 * <h2>Snapshots</h2>
 * Checkpoints and savepoints use one canonical, backend-independent format: Arrow IPC files plus a JSON manifest, so
 * that state written by one backend restores on any other, at any parallelism, and any Arrow tool can read it. The
 * format and the snapshot types are in {@link io.sabot.state.spi.snapshot}; replicated (cluster-wide) key-value
 * maps are in {@link io.sabot.state.spi.replicated}.
 *
 * <h2>Evolution</h2>
 * The SPI grows only by default methods documented with {@code @since} and a minor package version. Interfaces that
 * backends implement are {@code @ConsumerType}; those the runtime implements ({@link
 * io.sabot.state.spi.StateBackendContext}, the snapshot location and restore views) are {@code @ProviderType}.
 */
@Version("1.1.0")
package io.sabot.state.spi;

import org.osgi.annotation.versioning.Version;
