package io.sabot.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sabot.connector.datagen.internal.DatagenSourceFactory;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.Test;

/** The reactive view of a result honours demand and delivers every row once. */
public class QueryResultPublisherTest {

    @Test
    public void publisherDeliversEveryRowWithinDemand() throws Exception {
        try (StreamingSqlExecutor executor = StreamingSqlExecutor.builder()
                .plugins(List.of(new DatagenSourceFactory()))
                .build()) {
            executor.executeDdl(
                    "CREATE TABLE t (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1000000',"
                            + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '50000')");
            QueryResult result = executor.executeStreamingSql("SELECT id FROM t WHERE MOD(id, 2) = 0");
            AtomicLong rows = new AtomicLong();
            AtomicLong requested = new AtomicLong();
            AtomicLong delivered = new AtomicLong();
            AtomicReference<Throwable> error = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            result.publisher().subscribe(new Flow.Subscriber<VectorSchemaRoot>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    requested.incrementAndGet();
                    s.request(1);
                }

                @Override
                public void onNext(VectorSchemaRoot batch) {
                    if (delivered.incrementAndGet() > requested.get()) {
                        error.set(new AssertionError("delivered beyond demand"));
                    }
                    rows.addAndGet(batch.getRowCount());
                    requested.incrementAndGet();
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable t) {
                    error.set(t);
                    done.countDown();
                }

                @Override
                public void onComplete() {
                    done.countDown();
                }
            });
            assertTrue("the result did not complete", done.await(60, TimeUnit.SECONDS));
            assertNull(error.get());
            assertEquals(25_000, rows.get());
            assertTrue(delivered.get() > 0);
        }
    }
}
