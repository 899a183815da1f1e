package io.sabot.engine.internal.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.state.spi.KeyGroupRange;
import io.sabot.state.spi.StateDescriptor;
import io.sabot.state.spi.StateType;
import io.sabot.state.spi.TimeDomain;
import io.sabot.state.spi.TimerDescriptor;
import io.sabot.state.spi.snapshot.OperatorStateManifest;
import io.sabot.state.spi.snapshot.StateFile;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** The JSON form of {@link OperatorStateManifest} specified in {@code io.sabot.state.spi.snapshot}. */
final class ManifestJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {}

    static byte[] write(OperatorStateManifest m) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("formatVersion", m.formatVersion());
        root.put("tenantId", m.tenantId());
        root.put("jobId", m.jobId());
        root.put("operatorId", m.operatorId());
        root.put("checkpointId", m.checkpointId());
        root.put("savepoint", m.savepoint());
        root.put("createdAt", m.createdAt().toString());
        root.put("backend", m.backend());
        root.put("backendVersion", m.backendVersion());
        root.put("maxParallelism", m.maxParallelism());
        root.put("parallelism", m.parallelism());
        ArrayNode states = root.putArray("states");
        for (StateDescriptor d : m.states()) {
            ObjectNode s = states.addObject();
            s.put("name", d.name());
            s.put("type", d.type().name());
            s.set("keySchema", schema(d.keySchema()));
            s.set("userKeySchema", schema(d.userKeySchema()));
            s.set("valueSchema", schema(d.valueSchema()));
        }
        ArrayNode timers = root.putArray("timers");
        for (TimerDescriptor t : m.timers()) {
            ObjectNode s = timers.addObject();
            s.put("name", t.name());
            s.put("domain", t.domain().name());
            s.set("keySchema", schema(t.keySchema()));
        }
        ArrayNode files = root.putArray("files");
        for (StateFile f : m.files()) {
            ObjectNode o = files.addObject();
            o.put("kind", f.kind().name());
            o.put("name", f.name());
            o.put("path", f.path());
            ObjectNode kg = o.putObject("keyGroups");
            kg.put("first", f.keyGroups().first());
            kg.put("last", f.keyGroups().last());
            o.put("rows", f.rows());
            o.put("bytes", f.bytes());
        }
        return MAPPER.writeValueAsBytes(root);
    }

    private static JsonNode schema(Schema schema) throws IOException {
        return schema == null ? MAPPER.nullNode() : MAPPER.readTree(schema.toJson());
    }

    private static Schema schema(JsonNode node) throws IOException {
        return node == null || node.isNull() ? null : Schema.fromJSON(MAPPER.writeValueAsString(node));
    }

    static OperatorStateManifest read(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        List<StateDescriptor> states = new ArrayList<>();
        for (JsonNode s : root.path("states")) {
            states.add(new StateDescriptor(
                    s.get("name").asText(),
                    StateType.valueOf(s.get("type").asText()),
                    schema(s.get("keySchema")),
                    schema(s.get("userKeySchema")),
                    schema(s.get("valueSchema"))));
        }
        List<TimerDescriptor> timers = new ArrayList<>();
        for (JsonNode t : root.path("timers")) {
            timers.add(new TimerDescriptor(
                    t.get("name").asText(), TimeDomain.valueOf(t.get("domain").asText()), schema(t.get("keySchema"))));
        }
        List<StateFile> files = new ArrayList<>();
        for (JsonNode f : root.path("files")) {
            files.add(new StateFile(
                    StateFile.Kind.valueOf(f.get("kind").asText()),
                    f.get("name").asText(),
                    f.get("path").asText(),
                    KeyGroupRange.of(
                            f.get("keyGroups").get("first").asInt(),
                            f.get("keyGroups").get("last").asInt()),
                    f.get("rows").asLong(),
                    f.get("bytes").asLong()));
        }
        return new OperatorStateManifest(
                root.get("formatVersion").asInt(),
                root.get("tenantId").asText(),
                root.get("jobId").asText(),
                root.get("operatorId").asText(),
                root.get("checkpointId").asLong(),
                root.get("savepoint").asBoolean(),
                Instant.parse(root.get("createdAt").asText()),
                root.get("backend").asText(),
                root.get("backendVersion").asText(),
                root.get("maxParallelism").asInt(),
                root.get("parallelism").asInt(),
                states,
                timers,
                files);
    }
}
