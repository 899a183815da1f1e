package io.sabot.runtime.checkpoint;

import static org.junit.Assert.assertEquals;

import io.sabot.connector.filesystem.internal.FileSystemTableFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.format.csv.internal.CsvFormatFactory;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Cancelling a checkpointed job at arbitrary moments returns all its memory: a task interrupted while it forwards a
 * barrier used to keep the state copy it had just taken (the clean-clone CI saw 256 bytes left in the job's
 * allocator). Each round cancels a p=2 aggregate taking a checkpoint every 10 ms; closing the executor closes its
 * root allocator, which throws if any job left a buffer behind, and the job fails its own leak check first.
 * Probabilistic: without the fix, runs here leaked within 2 to 35 rounds.
 */
public class CancelDuringCheckpointsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void cancelledJobsLeaveNoMemoryBehind() throws Exception {
        Random random = new Random();
        for (int round = 0; round < 40; round++) {
            Path checkpoints = temp.newFolder().toPath();
            Path unused = temp.newFolder().toPath();
            String settings = "SET 'execution.checkpointing.interval' = '10 ms';\n" + "SET 'state.checkpoints.dir' = '"
                    + checkpoints + "';\n";
            try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                    .parallelism(2)
                    .plugins(List.of(new NexmarkSourceFactory(), new FileSystemTableFactory(), new CsvFormatFactory()))
                    .build()) {
                executor.executeDdl(CheckpointRestoreTest.DDL.formatted(20_000, "false", unused.toUri()) + settings);
                QueryResult result = executor.executeStreamingSql(
                        "SELECT auction, COUNT(*) AS bids, MAX(price) AS top FROM bid GROUP BY auction");
                Throwable[] readerFailure = new Throwable[1];
                Thread reader = new Thread(() -> {
                    try {
                        for (var batch : result) {
                            // the results are consumed, so the job runs at its sources' pace
                        }
                    } catch (IllegalStateException e) {
                        if (!e.getMessage().contains("was cancelled")) {
                            readerFailure[0] = e; // e.g. "memory leak in job-1": the job's own leak check
                        }
                    }
                });
                reader.start();
                Thread.sleep(50 + random.nextInt(400));
                result.cancel();
                result.awaitTermination();
                reader.join();
                result.close();
                assertEquals("round " + round, null, readerFailure[0]);
            }
        }
    }
}
