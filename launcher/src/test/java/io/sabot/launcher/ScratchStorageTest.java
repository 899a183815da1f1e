package io.sabot.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The bundle caches of {@code bin/sabot sql} runs: a killed run's cache is deleted by the next run, a live one's not. */
public class ScratchStorageTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theNextRunDeletesTheCacheOfAKilledRunButNotOfALiveOne() throws Exception {
        Path data = folder.getRoot().toPath();
        Path legacy = Files.createDirectories(data.resolve("sql-123-without-lock"));
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        data.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue("child said: " + line, line != null && line.startsWith("ready "));
            Path cache = Path.of(line.substring("ready ".length()));
            Files.writeString(cache.resolve("bundle.jar"), "a cached bundle");

            assertEquals("the live run's cache must stay", 0, ScratchStorage.sweep(data));
            assertTrue(Files.exists(cache.resolve("bundle.jar")));

            child.destroyForcibly(); // SIGKILL: the run cannot clean up
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertTrue("a killed run leaves its cache", Files.exists(cache));

            try (ScratchStorage next = ScratchStorage.create(data)) {
                assertFalse("the next run deletes the killed run's cache", Files.exists(cache));
                assertFalse(Files.exists(Path.of(cache + ScratchStorage.LOCK_SUFFIX)));
                assertTrue(Files.isDirectory(next.directory()));
                assertTrue("a cache without lock file is not judged", Files.isDirectory(legacy));
                assertEquals("its own cache is live", 0, ScratchStorage.sweep(data));
                assertTrue(Files.isDirectory(next.directory()));
                Path own = next.directory();
                next.close();
                assertFalse("a run deletes its own cache when it ends", Files.exists(own));
            }
        } finally {
            child.destroyForcibly();
        }
    }

    /** A run that makes its cache, says where, and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws IOException, InterruptedException {
            ScratchStorage storage = ScratchStorage.create(Path.of(args[0]));
            System.out.println("ready " + storage.directory());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
