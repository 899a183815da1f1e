package io.sabot.runtime.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sabot.connector.blackhole.internal.BlackholeSinkFactory;
import io.sabot.connector.nexmark.internal.NexmarkSourceFactory;
import io.sabot.engine.CheckpointInfo;
import io.sabot.engine.Job;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every periodic checkpoint reports its initiation time: from the trigger to the last source task starting its
 * snapshot (where it injects the barrier), within the checkpoint's duration.
 */
public class CheckpointInitiationTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void periodicCheckpointsReportTheirInitiationTime() throws Exception {
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .parallelism(2)
                .plugins(List.of(new NexmarkSourceFactory(), new BlackholeSinkFactory()))
                .build()) {
            executor.executeDdl(
                    """
                    CREATE TABLE bid (
                      auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
                      dateTime TIMESTAMP(3), extra VARCHAR,
                      WATERMARK FOR dateTime AS dateTime - INTERVAL '1' SECOND
                    ) WITH ('connector' = 'nexmark', 'table' = 'bid', 'events.num' = '1000000000',
                            'first-event.rate' = '10000', 'max-emit-speed' = 'false');
                    CREATE TABLE counts (auction BIGINT, bids BIGINT) WITH ('connector' = 'blackhole');
                    SET 'execution.checkpointing.interval' = '50 ms';
                    SET 'state.checkpoints.dir' = '%s';
                    """
                            .formatted(temp.getRoot().toURI()));
            try (QueryResult result = executor.executeStreamingSql(
                    "INSERT INTO counts SELECT auction, COUNT(*) FROM bid GROUP BY auction")) {
                Job job = job(result);
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (job.checkpoints().size() < 3) {
                    if (System.nanoTime() > deadline || result.status() != JobInfo.State.RUNNING) {
                        fail("3 checkpoints within 30 s: " + job.checkpoints() + " " + result.failure());
                    }
                    Thread.sleep(20);
                }
                for (CheckpointInfo c : job.checkpoints()) {
                    assertTrue(c.toString(), c.initiationMicros() > 0);
                    assertTrue(c.toString(), c.initiationMicros() <= (c.durationMillis() + 1) * 1000);
                }
                result.cancel();
                result.awaitTermination();
                assertEquals(JobInfo.State.CANCELED, result.status());
            }
        }
    }

    /** The engine's job behind a result (the runtime API does not show checkpoints yet). */
    private static Job job(QueryResult result) throws IllegalAccessException {
        for (Field field : result.getClass().getDeclaredFields()) {
            if (Job.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                return (Job) field.get(result);
            }
        }
        fail("no Job in " + result.getClass());
        return null;
    }
}
