/**
 * The canonical snapshot format of keyed state, and the types through which backends write and read it.
 *
 * <p>Every checkpoint and savepoint of keyed state is written in this one format, whatever the backend: Arrow IPC
 * files plus a JSON manifest per operator. That is what lets a savepoint written by the memory backend restore on
 * RocksDB (switching backends is stop-with-savepoint, then start), lets a job restore at another parallelism (the
 * files carry each row's key group), and lets anyone inspect state with an Arrow tool ({@code pyarrow.ipc.open_file},
 * DuckDB, Arrow Java's {@code ArrowFileReader}) without Sabot. This page is the specification; {@link
 * io.sabot.state.spi.snapshot.SnapshotFormat} holds its constants and naming functions.
 *
 * <h2>Who writes what</h2>
 * <ol>
 *   <li>At a checkpoint barrier every subtask's {@link io.sabot.state.spi.KeyedStateBackend#snapshot} writes the data
 *       files for its key-group range through a {@link io.sabot.state.spi.snapshot.SnapshotLocation} and returns a
 *       {@link io.sabot.state.spi.snapshot.KeyedStateSnapshot}: the files it wrote and the descriptors of its states.
 *   <li>When every subtask has reported, the runtime merges the reports into one {@link
 *       io.sabot.state.spi.snapshot.OperatorStateManifest} ({@link
 *       io.sabot.state.spi.snapshot.OperatorStateManifest#merge}) and writes it as {@value
 *       io.sabot.state.spi.snapshot.SnapshotFormat#MANIFEST_FILE} in the operator's directory, last and atomically
 *       (write to a temporary name, then rename). A directory without a manifest is an incomplete snapshot: readers
 *       ignore it, the runtime deletes it. Once the manifest exists, no file of the snapshot changes.
 *   <li>On restore the runtime reads the manifest and gives each new subtask's backend a {@link
 *       io.sabot.state.spi.snapshot.StateRestore}: the manifest and the files whose key-group ranges overlap the
 *       subtask's new range. Backends read Arrow files; they never parse JSON.
 * </ol>
 *
 * <h2>Directory layout</h2>
 * <pre>
 * &lt;checkpoint directory&gt;/                   chosen by the runtime, e.g. &lt;root&gt;/&lt;tenant&gt;/&lt;job&gt;/chk-42/
 *   &lt;operator id&gt;/                           one directory per stateful operator
 *     manifest.json                           the operator's manifest (below)
 *     state/&lt;state name&gt;/kg-00000-00063.arrow one file per state and key-group range (first, last; 5 digits)
 *     state/&lt;state name&gt;/kg-00064-00127.arrow
 *     timers/&lt;timer name&gt;/kg-00000-00063.arrow one file per timer service and key-group range
 * </pre>
 *
 * <p>Everything above the operator directory (source offsets, sink committables, the checkpoint's own metadata) is
 * the runtime's business and not part of this format. Paths in the manifest are relative to the operator directory,
 * with {@code /} as separator, and never contain {@code .} or {@code ..} segments; writers use exactly the names of
 * {@link io.sabot.state.spi.snapshot.SnapshotFormat#stateFilePath} and {@link
 * io.sabot.state.spi.snapshot.SnapshotFormat#timerFilePath}, readers use the paths listed in the manifest.
 *
 * <h2>Data files</h2>
 * Each data file is an Arrow IPC <em>file</em> (the random-access format with the {@code ARROW1} magic and a footer,
 * not the stream format), little-endian, with uncompressed bodies and no dictionary encoding in format version 1. Its
 * schema is {@link io.sabot.state.spi.snapshot.SnapshotFormat#stateFileSchema} of the state's descriptor (or {@link
 * io.sabot.state.spi.snapshot.SnapshotFormat#timerFileSchema} of the timer service's):
 *
 * <table>
 *   <caption>Columns of a data file, in order</caption>
 *   <tr><th>file of</th><th>columns</th><th>one row per</th></tr>
 *   <tr><td>{@code VALUE}, {@code REDUCING}</td><td>{@code key_group} (int32, not null), key…, value…</td>
 *       <td>key</td></tr>
 *   <tr><td>{@code AGGREGATING}</td><td>{@code key_group}, key…, accumulator…</td><td>key</td></tr>
 *   <tr><td>{@code LIST}</td><td>{@code key_group}, key…, element…</td>
 *       <td>element; a key's elements appear in list order (not necessarily adjacent)</td></tr>
 *   <tr><td>{@code MAP}</td><td>{@code key_group}, key…, user key…, value…</td><td>map entry</td></tr>
 *   <tr><td>timers</td><td>{@code key_group}, {@code timestamp} (int64 epoch ms, not null), key…</td>
 *       <td>timer; each (key_group, timestamp, key…) at most once</td></tr>
 * </table>
 *
 * <p>The key, user-key and value columns have the names, types and nullability of the descriptor's schemas. Each
 * field carries the metadata entry {@value io.sabot.state.spi.snapshot.SnapshotFormat#ROLE_METADATA} (one of {@code
 * key_group}, {@code timestamp}, {@code key}, {@code user_key}, {@code value}), and the schema carries {@value
 * io.sabot.state.spi.snapshot.SnapshotFormat#FORMAT_VERSION_METADATA}, {@value
 * io.sabot.state.spi.snapshot.SnapshotFormat#KIND_METADATA} ({@code state} or {@code timers}), {@value
 * io.sabot.state.spi.snapshot.SnapshotFormat#NAME_METADATA} and {@value
 * io.sabot.state.spi.snapshot.SnapshotFormat#TYPE_METADATA} (the {@link io.sabot.state.spi.StateType} or {@link
 * io.sabot.state.spi.TimeDomain} name), so that a single file explains itself to a tool that never saw the manifest.
 *
 * <p>Rows are in non-decreasing {@code key_group} order, every {@code key_group} lies in the file's key-group range,
 * and record batches may have any size (writers should keep them at or below 65,536 rows). Apart from list order,
 * the order of rows within a key group carries no meaning. A state or timer service with no rows in a range may
 * have no file for it.
 *
 * <h2>The manifest</h2>
 * {@value io.sabot.state.spi.snapshot.SnapshotFormat#MANIFEST_FILE} is a UTF-8 JSON object, the {@link
 * io.sabot.state.spi.snapshot.OperatorStateManifest} record with its component names as keys:
 *
 * <pre>{@code
 * {
 *   "formatVersion": 1,
 *   "tenantId": "acme",
 *   "jobId": "orders-per-hour",
 *   "operatorId": "window-aggregate-3",
 *   "checkpointId": 42,
 *   "savepoint": false,
 *   "createdAt": "2025-05-01T12:00:00Z",
 *   "backend": "rocksdb",
 *   "backendVersion": "1.0.0",
 *   "maxParallelism": 128,
 *   "parallelism": 2,
 *   "states": [
 *     { "name": "counts", "type": "VALUE",
 *       "keySchema":   { "fields": [ { "name": "user_id", "nullable": true,
 *                                      "type": { "name": "int", "bitWidth": 64, "isSigned": true },
 *                                      "children": [] } ] },
 *       "userKeySchema": null,
 *       "valueSchema": { "fields": [ { "name": "count", "nullable": false,
 *                                      "type": { "name": "int", "bitWidth": 64, "isSigned": true },
 *                                      "children": [] } ] } }
 *   ],
 *   "timers": [
 *     { "name": "window-end", "domain": "EVENT_TIME", "keySchema": { "fields": [ ... ] } }
 *   ],
 *   "files": [
 *     { "kind": "STATE", "name": "counts", "path": "state/counts/kg-00000-00063.arrow",
 *       "keyGroups": { "first": 0, "last": 63 }, "rows": 5210, "bytes": 98304 },
 *     { "kind": "STATE", "name": "counts", "path": "state/counts/kg-00064-00127.arrow",
 *       "keyGroups": { "first": 64, "last": 127 }, "rows": 5187, "bytes": 97920 },
 *     { "kind": "TIMERS", "name": "window-end", "path": "timers/window-end/kg-00000-00063.arrow",
 *       "keyGroups": { "first": 0, "last": 63 }, "rows": 310, "bytes": 8192 }
 *   ]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>Numbers are JSON integers; {@code createdAt} is an ISO-8601 instant in UTC; enum values are their Java names.
 *   <li>Schemas are Arrow schemas in the JSON form Arrow Java writes with {@code Schema.toJson()} and reads with {@code
 *       Schema.fromJSON} (the schema object of Arrow's integration-test JSON format). The data files' own schemas
 *       are authoritative for the exact column types; the manifest's copies let a reader plan without opening files.
 *   <li>{@code userKeySchema} is null except for {@code MAP} states. {@code rows} and {@code bytes} are the row count
 *       and file size as written, for sizing and quick checks.
 *   <li>{@code backend} is the identifier of the backend that wrote the data files and {@code backendVersion} its
 *       bundle version, for diagnostics only: any backend restores any manifest.
 * </ul>
 *
 * <h2>Restoring and rescaling</h2>
 * A subtask that owns key-group range {@code R} after the restore reads every file {@code F} of the manifest with
 * {@code F.keyGroups} overlapping {@code R} ({@link
 * io.sabot.state.spi.snapshot.OperatorStateManifest#filesOverlapping}) and keeps exactly the rows whose {@code
 * key_group} lies in {@code R}. The result does not depend on the old parallelism, which is why whole key groups move
 * on rescale and no key is ever split. Restore fails with {@link io.sabot.state.spi.IncompatibleStateException} if the
 * manifest's {@code maxParallelism} differs from the job's (key groups would change meaning) or its {@code
 * formatVersion} is newer than the reader's.
 *
 * <h2>Reading a snapshot without Sabot</h2>
 * The data files are plain Arrow IPC files, so state can be inspected with any Arrow implementation. With pyarrow:
 *
 * <pre>{@code
 * import pyarrow.ipc as ipc, pyarrow.compute as pc
 * table = ipc.open_file("chk-42/window-agg-3/state/counts/kg-00000-00063.arrow").read_all()
 * table.schema.metadata            # {b'sabot.kind': b'state', b'sabot.name': b'counts', b'sabot.type': b'VALUE', ...}
 * table.filter(pc.equal(table["user_id"], 4711))
 * }</pre>
 *
 * <p>And in Java, which is also how a backend's restore reads each file it is given:
 *
 * <pre>{@code
 * try (SeekableByteChannel channel = restore.open(file);
 *         ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
 *     VectorSchemaRoot batch = reader.getVectorSchemaRoot();
 *     while (reader.loadNextBatch()) {
 *         IntVector keyGroups = (IntVector) batch.getVector(SnapshotFormat.KEY_GROUP_COLUMN);
 *         // keep the rows whose key group lies in this subtask's range
 *     }
 * }
 * }</pre>
 *
 * <h2>Incremental checkpoints</h2>
 * A backend may write a checkpoint (never a savepoint) in its own format instead: {@link
 * io.sabot.state.spi.snapshot.StateFile.Kind#NATIVE} files, some of them shared between checkpoints through {@link
 * io.sabot.state.spi.snapshot.SnapshotLocation#createShared}, so that each checkpoint writes only what changed. The
 * manifest still declares every state, and {@link io.sabot.state.spi.snapshot.OperatorStateManifest#isNative()} tells
 * that only the backend named in it can restore the checkpoint; switching backends goes through a savepoint, which is
 * always canonical.
 *
 * <h2>Compatibility</h2>
 * {@value io.sabot.state.spi.snapshot.SnapshotFormat#FORMAT_VERSION} is the current format version. Readers must
 * ignore manifest keys and metadata entries they do not know, so that later minor additions stay readable by older
 * readers of the same format version; an incompatible change increments the format version, and readers keep reading
 * every older version.
 */
@Version("1.1.0")
package io.sabot.state.spi.snapshot;

import org.osgi.annotation.versioning.Version;
