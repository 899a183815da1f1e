package io.sabot.engine.internal.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code _metadata.json}: everything of a checkpoint that is not keyed operator state — source splits
 * and enumerator state, operator values, sink committables still to commit — and the list of stateful operators.
 * Binary values are base64.
 */
public record CheckpointMetadata(
        long checkpointId,
        boolean savepoint,
        boolean finished,
        Instant createdAt,
        int maxParallelism,
        Map<String, Source> sources,
        Map<String, Operator> operators,
        Map<String, Committables> committables) {

    public static final int FORMAT_VERSION = 1;

    /** A source's splits per former subtask, and its enumerator's state. */
    public record Source(int splitVersion, List<List<byte[]>> splits, int enumeratorVersion, byte[] enumerator) {}

    /** A stateful operator: its parallelism, whether it has a keyed-state manifest, and its subtasks' values. */
    public record Operator(int parallelism, boolean keyed, Map<String, List<byte[]>> values) {}

    /** A sink's committables that are not known to be committed. */
    public record Committables(int version, List<byte[]> items) {}

    byte[] toJson() throws IOException {
        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode root = ManifestJson.MAPPER.createObjectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("checkpointId", checkpointId);
        root.put("savepoint", savepoint);
        root.put("finished", finished);
        root.put("createdAt", createdAt.toString());
        root.put("maxParallelism", maxParallelism);
        ObjectNode src = root.putObject("sources");
        for (var e : sources.entrySet()) {
            ObjectNode s = src.putObject(e.getKey());
            s.put("splitVersion", e.getValue().splitVersion());
            ArrayNode subtasks = s.putArray("splits");
            for (List<byte[]> splits : e.getValue().splits()) {
                ArrayNode a = subtasks.addArray();
                splits.forEach(b -> a.add(b64.encodeToString(b)));
            }
            s.put("enumeratorVersion", e.getValue().enumeratorVersion());
            s.put(
                    "enumerator",
                    e.getValue().enumerator() == null
                            ? null
                            : b64.encodeToString(e.getValue().enumerator()));
        }
        ObjectNode ops = root.putObject("operators");
        for (var e : operators.entrySet()) {
            ObjectNode o = ops.putObject(e.getKey());
            o.put("parallelism", e.getValue().parallelism());
            o.put("keyed", e.getValue().keyed());
            ObjectNode values = o.putObject("values");
            for (var v : e.getValue().values().entrySet()) {
                ArrayNode a = values.putArray(v.getKey());
                v.getValue().forEach(b -> a.add(b64.encodeToString(b)));
            }
        }
        ObjectNode com = root.putObject("committables");
        for (var e : committables.entrySet()) {
            ObjectNode c = com.putObject(e.getKey());
            c.put("version", e.getValue().version());
            ArrayNode a = c.putArray("items");
            e.getValue().items().forEach(b -> a.add(b64.encodeToString(b)));
        }
        return ManifestJson.MAPPER.writeValueAsBytes(root);
    }

    /**
     * Reads a checkpoint directory's metadata.
     *
     * @throws IOException naming the file if it is missing, truncated or not valid
     */
    public static CheckpointMetadata read(Path checkpoint) throws IOException {
        Path file = checkpoint.resolve(CheckpointStorage.METADATA_FILE);
        if (!Files.exists(file)) {
            throw new IOException("'" + checkpoint + "' is not a complete checkpoint or savepoint: it has no "
                    + CheckpointStorage.METADATA_FILE);
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            JsonNode root = ManifestJson.MAPPER.readTree(Files.readAllBytes(file));
            int version = root.path("formatVersion").asInt(-1);
            if (version != FORMAT_VERSION) {
                throw new IOException("unknown format version " + version);
            }
            Map<String, Source> sources = new LinkedHashMap<>();
            for (var it = root.get("sources").fields(); it.hasNext(); ) {
                var e = it.next();
                List<List<byte[]>> splits = new ArrayList<>();
                for (JsonNode subtask : e.getValue().get("splits")) {
                    List<byte[]> list = new ArrayList<>();
                    subtask.forEach(n -> list.add(b64.decode(n.asText())));
                    splits.add(list);
                }
                JsonNode en = e.getValue().get("enumerator");
                sources.put(
                        e.getKey(),
                        new Source(
                                e.getValue().get("splitVersion").asInt(),
                                splits,
                                e.getValue().get("enumeratorVersion").asInt(),
                                en == null || en.isNull() ? null : b64.decode(en.asText())));
            }
            Map<String, Operator> operators = new LinkedHashMap<>();
            for (var it = root.get("operators").fields(); it.hasNext(); ) {
                var e = it.next();
                Map<String, List<byte[]>> values = new LinkedHashMap<>();
                for (var v = e.getValue().get("values").fields(); v.hasNext(); ) {
                    var ve = v.next();
                    List<byte[]> list = new ArrayList<>();
                    ve.getValue().forEach(n -> list.add(b64.decode(n.asText())));
                    values.put(ve.getKey(), list);
                }
                operators.put(
                        e.getKey(),
                        new Operator(
                                e.getValue().get("parallelism").asInt(),
                                e.getValue().get("keyed").asBoolean(),
                                values));
            }
            Map<String, Committables> committables = new LinkedHashMap<>();
            for (var it = root.get("committables").fields(); it.hasNext(); ) {
                var e = it.next();
                List<byte[]> items = new ArrayList<>();
                e.getValue().get("items").forEach(n -> items.add(b64.decode(n.asText())));
                committables.put(
                        e.getKey(), new Committables(e.getValue().get("version").asInt(), items));
            }
            return new CheckpointMetadata(
                    root.get("checkpointId").asLong(),
                    root.get("savepoint").asBoolean(),
                    root.get("finished").asBoolean(),
                    Instant.parse(root.get("createdAt").asText()),
                    root.get("maxParallelism").asInt(),
                    sources,
                    operators,
                    committables);
        } catch (IOException | RuntimeException e) {
            throw new IOException("corrupt checkpoint metadata '" + file + "': " + e.getMessage(), e);
        }
    }
}
