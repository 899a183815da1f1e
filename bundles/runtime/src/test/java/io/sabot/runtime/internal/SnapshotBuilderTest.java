package io.sabot.runtime.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.PluginFactory;
import io.sabot.runtime.OptionInfo;
import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginKind;
import io.sabot.runtime.PluginSnapshot;
import java.util.List;
import org.junit.Test;

public class SnapshotBuilderTest {

    private static PluginFactory factory(String id, OptionDescriptor<?>... options) {
        return new PluginFactory() {
            @Override
            public String identifier() {
                return id;
            }

            @Override
            public List<OptionDescriptor<?>> options() {
                return List.of(options);
            }
        };
    }

    private static SnapshotBuilder.Candidate candidate(
            PluginKind kind, long serviceId, int ranking, Object property, PluginFactory factory) {
        return new SnapshotBuilder.Candidate(
                kind, List.of("source"), serviceId, ranking, property, "test.bundle", "1.0.0", 7, factory);
    }

    @Test
    public void highestRankingIsActiveOthersShadowed() {
        PluginSnapshot snapshot = SnapshotBuilder.build(
                3,
                List.of(
                        candidate(PluginKind.CONNECTOR, 10, 0, "datagen", factory("datagen")),
                        candidate(PluginKind.CONNECTOR, 11, 5, "datagen", factory("datagen")),
                        candidate(PluginKind.CONNECTOR, 12, 5, "datagen", factory("datagen")),
                        candidate(PluginKind.FORMAT, 13, 0, "json", factory("json"))),
                List.of());
        assertEquals(3, snapshot.generation());
        List<PluginInfo> connectors = snapshot.plugins(PluginKind.CONNECTOR);
        assertEquals(3, connectors.size());
        assertEquals(11, connectors.get(0).serviceId());
        assertEquals(PluginInfo.State.ACTIVE, connectors.get(0).state());
        assertEquals(PluginInfo.State.SHADOWED, connectors.get(1).state());
        assertEquals(12, connectors.get(1).serviceId()); // equal ranking: the older service first
        assertEquals(
                11,
                snapshot.active(PluginKind.CONNECTOR, "datagen").orElseThrow().serviceId());
        assertTrue(snapshot.active(PluginKind.FORMAT, "json").isPresent());
        assertTrue(snapshot.failures().isEmpty());
    }

    @Test
    public void optionsAreDescribedForTheConsole() {
        PluginSnapshot snapshot = SnapshotBuilder.build(
                1,
                List.of(candidate(
                        PluginKind.CONNECTOR,
                        1,
                        0,
                        "kafka",
                        factory(
                                "kafka",
                                OptionDescriptor.key("topic")
                                        .stringType()
                                        .required()
                                        .description("The topic."),
                                OptionDescriptor.key("password")
                                        .stringType()
                                        .secret()
                                        .defaultValue("x"),
                                OptionDescriptor.key("mode").enumType("a", "b").defaultValue("a")))),
                List.of());
        List<OptionInfo> options = snapshot.plugins().get(0).options();
        assertEquals(
                List.of("mode", "password", "topic"),
                options.stream().map(OptionInfo::key).toList());
        assertEquals(new OptionInfo("mode", "enum", "a", false, false, "", List.of("a", "b")), options.get(0));
        assertEquals("******", options.get(1).defaultValue()); // secret defaults are masked too
        assertTrue(options.get(1).secret());
        assertTrue(options.get(2).required());
    }

    @Test
    public void brokenPluginsAreReportedWithTheReason() {
        PluginFactory throwing = new PluginFactory() {
            @Override
            public String identifier() {
                return "boom";
            }

            @Override
            public List<OptionDescriptor<?>> options() {
                throw new IllegalStateException("options not ready");
            }
        };
        PluginSnapshot snapshot = SnapshotBuilder.build(
                1,
                List.of(
                        candidate(PluginKind.CONNECTOR, 1, 0, null, factory("nameless")),
                        candidate(PluginKind.CONNECTOR, 2, 0, "kafka", factory("kafka2")),
                        candidate(PluginKind.CONNECTOR, 3, 0, "Bad_Id", factory("Bad_Id")),
                        candidate(PluginKind.CONNECTOR, 4, 0, "boom", throwing),
                        candidate(
                                PluginKind.CONNECTOR,
                                5,
                                0,
                                "dup",
                                factory(
                                        "dup",
                                        OptionDescriptor.key("a").intType(),
                                        OptionDescriptor.key("a").longType()))),
                List.of());
        assertTrue(snapshot.plugins().isEmpty());
        List<String> reasons =
                snapshot.failures().stream().map(PluginFailure::reason).toList();
        assertEquals(reasons.toString(), 5, reasons.size());
        assertTrue(
                reasons.toString(),
                reasons.contains("registered without the service property sabot.connector=<identifier>"));
        assertTrue(
                reasons.toString(),
                reasons.contains("registered with sabot.connector=kafka but the factory's identifier() is 'kafka2'"));
        assertTrue(reasons.toString(), reasons.stream().anyMatch(r -> r.startsWith("identifier 'Bad_Id' is invalid")));
        assertTrue(reasons.toString(), reasons.stream().anyMatch(r -> r.contains("options not ready")));
        assertTrue(reasons.toString(), reasons.contains("invalid option declarations: option 'a' declared twice"));
    }
}
