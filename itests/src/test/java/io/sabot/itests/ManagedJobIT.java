package io.sabot.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Jobs declared as configuration (factory PID {@code io.sabot.job}): a bounded job runs to its end when its
 * configuration appears; a failing job is restarted as its restart strategy says and then stays failed, each step
 * recorded; deleting the configuration of a running job cancels it. Observed through the shell and the job registry.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ManagedJobIT extends SabotTestSupport {

    @Inject
    ConfigurationAdmin configurationAdmin;

    @Inject
    CommandProcessor commandProcessor;

    @Inject
    JobRegistry jobRegistry;

    private String shell(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            return String.valueOf(session.execute(command));
        } finally {
            session.close();
        }
    }

    /** Declares a job with its state in a fresh directory (a job restores its latest checkpoint, also a test's). */
    private Configuration declare(String name, Hashtable<String, Object> properties) throws Exception {
        properties.put("state.path", Files.createTempDirectory("managed-state").toString());
        Configuration configuration = configurationAdmin.getFactoryConfiguration("io.sabot.job", name, "?");
        configuration.update(properties);
        return configuration;
    }

    private String awaitShell(String command, Predicate<String> done, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        String last = shell(command);
        while (!done.test(last)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("'" + command + "' did not get there in " + millis + " ms:\n" + last);
            }
            Thread.sleep(50);
            last = shell(command);
        }
        return last;
    }

    private void awaitConnectors() throws Exception {
        awaitRegistry(
                s -> s.active(io.sabot.runtime.PluginKind.CONNECTOR, "datagen").isPresent()
                        && s.active(io.sabot.runtime.PluginKind.CONNECTOR, "filesystem")
                                .isPresent()
                        && s.active(io.sabot.runtime.PluginKind.CONNECTOR, "blackhole")
                                .isPresent()
                        && s.active(io.sabot.runtime.PluginKind.FORMAT, "csv").isPresent(),
                10_000);
    }

    @Test
    public void declaredBoundedJobRunsToItsEnd() throws Exception {
        awaitConnectors();
        Path out = Files.createTempDirectory("managed-out");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(
                "sql",
                "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                        + " 'fields.id.start' = '1', 'fields.id.end' = '1000');\n"
                        + "CREATE TABLE dst (id BIGINT, twice BIGINT) WITH ('connector' = 'filesystem', 'path' = '"
                        + out.toUri() + "', 'format' = 'csv');\n"
                        + "INSERT INTO dst SELECT id, id * 2 FROM src;\n");
        Configuration configuration = declare("bounded", properties);
        try {
            String listing = awaitShell("sabot:managed", s -> s.matches("(?s).*\\bbounded +FINISHED .*"), 30_000);
            assertTrue(listing, listing.contains("finished"));
            List<String> rows = committedLines(out);
            assertEquals(1000, rows.size());
            long sum = rows.stream()
                    .mapToLong(l -> Long.parseLong(l.split(",")[1]))
                    .sum();
            assertEquals(1000L * 1001, sum); // every id once, doubled
        } finally {
            configuration.delete();
        }
    }

    @Test
    public void failingJobIsRestartedAsConfiguredThenStaysFailed() throws Exception {
        awaitConnectors();
        Path in = Files.createTempDirectory("managed-in");
        Files.writeString(in.resolve("data.csv"), "1\n2\nnot-a-number\n4\n");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(
                "sql",
                "CREATE TABLE src (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + in.toUri()
                        + "', 'format' = 'csv');\n"
                        + "CREATE TABLE dst (id BIGINT) WITH ('connector' = 'blackhole');\n"
                        + "INSERT INTO dst SELECT id FROM src;\n");
        properties.put("restart.strategy", "fixed-delay");
        properties.put("restart.attempts", 2);
        properties.put("restart.delay.ms", 100L);
        Configuration configuration = declare("failing", properties);
        try {
            awaitShell("sabot:managed", s -> s.matches("(?s).*\\bfailing +FAILED .*"), 30_000);
            String events = shell("sabot:managed failing");
            assertTrue(events, events.contains("restart 1 from the latest checkpoint"));
            assertTrue(events, events.contains("restart 2 from the latest checkpoint"));
            assertTrue(events, events.contains("failed, not restarted (2 restarts of 2)"));
            assertTrue(events, events.contains("not-a-number")); // the cause names the bad value
        } finally {
            configuration.delete();
        }
    }

    @Test
    public void scriptThatDoesNotParseFailsAtOnceNamingTheLineInsteadOfRestarting() throws Exception {
        awaitConnectors();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(
                "sql",
                "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '10');\n"
                        + "CREATE TABLE dst (id BIGINT) WITH ('connector' = 'blackhole');\n"
                        + "INSERT INTO dst SELEC id FROM src;\n");
        properties.put("restart.strategy", "fixed-delay"); // would restart: a parse error is not worth a restart
        properties.put("restart.attempts", 5);
        properties.put("restart.delay.ms", 100L);
        Configuration configuration = declare("unparseable", properties);
        try {
            awaitShell("sabot:managed", s -> s.matches("(?s).*\\bunparseable +FAILED .*"), 30_000);
            String events = shell("sabot:managed unparseable");
            assertTrue(events, events.contains("property 'sql' does not parse"));
            assertTrue(events, events.contains("line 3"));
            assertFalse(events, events.contains("restart 1"));
            assertFalse(events, events.contains(" started")); // not even once
        } finally {
            configuration.delete();
        }
    }

    @Test
    public void deletingTheConfigurationCancelsTheRunningJob() throws Exception {
        awaitConnectors();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(
                "sql",
                "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1000');\n"
                        + "CREATE TABLE dst (id BIGINT) WITH ('connector' = 'blackhole');\n"
                        + "INSERT INTO dst SELECT id FROM src;\n");
        Configuration configuration = declare("endless", properties);
        String listing = awaitShell("sabot:managed", s -> s.matches("(?s).*\\bendless +RUNNING .*"), 30_000);
        String jobId = jobRegistry.jobs().stream()
                .filter(j -> j.state() == JobInfo.State.RUNNING && j.sql().contains("INSERT INTO dst"))
                .map(JobInfo::id)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no running job in the registry; shell says\n" + listing));
        configuration.delete();
        long deadline = System.currentTimeMillis() + 30_000;
        while (jobRegistry.job(jobId).orElseThrow().state() == JobInfo.State.RUNNING) {
            assertTrue("the job still runs after its configuration was deleted", System.currentTimeMillis() < deadline);
            Thread.sleep(20);
        }
        assertEquals(
                JobInfo.State.CANCELED, jobRegistry.job(jobId).orElseThrow().state());
        awaitShell("sabot:managed", s -> !s.contains("endless"), 10_000);
    }

    /**
     * Every INSERT of a declared script runs at once, as a job of its own (name, name-2): an unbounded first INSERT
     * does not hold back the second, which writes all its rows while the first still runs. (Before, the INSERTs ran
     * one after the other under one checkpoint directory: the second waited for ever behind an unbounded first, and
     * after a bounded one it restored that one's final checkpoint and wrote nothing.)
     */
    @Test
    public void everyInsertOfTheScriptRunsAsAJobOfItsOwn() throws Exception {
        awaitConnectors();
        Path out = Files.createTempDirectory("managed-two");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(
                "sql",
                "CREATE TABLE endless (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '100');\n"
                        + "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence',"
                        + " 'fields.id.start' = '1', 'fields.id.end' = '500');\n"
                        + "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');\n"
                        + "CREATE TABLE dst (id BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + out.toUri()
                        + "', 'format' = 'csv');\n"
                        + "SET 'execution.checkpointing.interval' = '200 ms';\n"
                        + "INSERT INTO sink SELECT id FROM endless;\n"
                        + "INSERT INTO dst SELECT id FROM src;\n");
        Configuration configuration = declare("two", properties);
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            JobInfo second;
            while (true) {
                second = jobRegistry.jobs().stream()
                        .filter(j -> j.sql().contains("INSERT INTO dst"))
                        .findFirst()
                        .orElse(null);
                if (second != null && second.state() == JobInfo.State.FINISHED) {
                    break;
                }
                assertTrue(
                        "the second INSERT did not finish: " + second + "\n" + shell("sabot:managed two"),
                        System.currentTimeMillis() < deadline);
                Thread.sleep(50);
            }
            assertEquals(
                    "two-2",
                    jobRegistry
                            .details(second.id())
                            .orElseThrow()
                            .pipelineName()
                            .orElse(null));
            JobInfo first = jobRegistry.jobs().stream()
                    .filter(j -> j.sql().contains("INSERT INTO sink"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(JobInfo.State.RUNNING, first.state());
            assertEquals(
                    "two",
                    jobRegistry.details(first.id()).orElseThrow().pipelineName().orElse(null));
            List<Long> ids =
                    committedLines(out).stream().map(Long::parseLong).sorted().toList();
            assertEquals(java.util.stream.LongStream.rangeClosed(1, 500).boxed().toList(), ids);
            String listing = shell("sabot:managed");
            assertTrue(listing, listing.contains(first.id()));
        } finally {
            configuration.delete();
        }
    }

    /** The non-blank lines of the visible (committed) files under {@code out}. */
    private static List<String> committedLines(Path out) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .filter(l -> !l.isBlank())
                    .toList();
        }
    }
}
