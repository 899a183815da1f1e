package io.sabot.runtime.internal.exec;

import io.sabot.engine.Job;
import io.sabot.engine.JobFailedException;
import io.sabot.engine.JobResults;
import io.sabot.engine.JobStatus;
import io.sabot.plan.Column;
import io.sabot.plan.QueryPlan;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.QueryResult;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A job's results with the caller-friendly ownership of {@link QueryResult}: each batch lives until the next. */
final class QueryResultImpl implements QueryResult {

    private final Job job;
    private final QueryPlan plan;
    private final Jobs.Entry entry;
    private final Consumer<QueryResultImpl> onClose;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The batch the caller holds; closed by the next hasNext(), or by close() (which may come from another thread). */
    private final AtomicReference<VectorSchemaRoot> current = new AtomicReference<>();

    QueryResultImpl(Job job, QueryPlan plan, Jobs.Entry entry, Consumer<QueryResultImpl> onClose) {
        this.job = job;
        this.plan = plan;
        this.entry = entry;
        this.onClose = onClose;
    }

    @Override
    public io.sabot.runtime.SavepointInfo savepoint(java.nio.file.Path targetDirectory) {
        return Jobs.savepoint(entry, targetDirectory, false);
    }

    @Override
    public io.sabot.runtime.SavepointInfo stopWithSavepoint(java.nio.file.Path targetDirectory) {
        return Jobs.savepoint(entry, targetDirectory, true);
    }

    @Override
    public String jobId() {
        return job.name();
    }

    @Override
    public List<String> columns() {
        return plan.root().rowType().columns().stream().map(Column::name).toList();
    }

    @Override
    public boolean isChangelog() {
        return job.results().isChangelog();
    }

    @Override
    public Iterator<VectorSchemaRoot> iterator() {
        take();
        JobResults results = job.results();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                release();
                try {
                    return results.hasNext();
                } catch (JobFailedException e) {
                    throw new IllegalStateException("query " + job.name() + " failed: " + e.getMessage(), e);
                }
            }

            @Override
            public VectorSchemaRoot next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                VectorSchemaRoot batch = results.next();
                current.set(batch);
                if (closed.get()) {
                    release(); // closed meanwhile from another thread
                }
                return batch;
            }
        };
    }

    @Override
    public Flow.Publisher<VectorSchemaRoot> publisher() {
        take();
        return subscriber -> {
            AtomicLong demand = new AtomicLong();
            AtomicBoolean cancelled = new AtomicBoolean();
            Object signal = new Object();
            Thread pump = new Thread(
                    () -> {
                        JobResults results = job.results();
                        try {
                            while (!cancelled.get() && results.hasNext()) {
                                synchronized (signal) {
                                    while (demand.get() == 0 && !cancelled.get()) {
                                        signal.wait();
                                    }
                                }
                                if (cancelled.get()) {
                                    break;
                                }
                                try (VectorSchemaRoot batch = results.next()) {
                                    demand.decrementAndGet();
                                    subscriber.onNext(batch);
                                }
                            }
                            if (!cancelled.get()) {
                                subscriber.onComplete();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            subscriber.onError(e);
                        } finally {
                            close();
                        }
                    },
                    "sabot-results-" + job.name());
            pump.setDaemon(true);
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    if (n <= 0) {
                        cancelled.set(true);
                        subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                    } else {
                        demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
                    }
                    synchronized (signal) {
                        signal.notifyAll();
                    }
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                    synchronized (signal) {
                        signal.notifyAll();
                    }
                }
            });
            pump.start();
        };
    }

    private void take() {
        if (!taken.compareAndSet(false, true)) {
            throw new IllegalStateException("the batches of " + job.name() + " were already taken");
        }
    }

    private void release() {
        VectorSchemaRoot batch = current.getAndSet(null);
        if (batch != null) {
            batch.close();
        }
    }

    @Override
    public void awaitTermination() throws InterruptedException {
        while (!job.awaitTermination(1, TimeUnit.HOURS).isTerminal()) {
            // keep waiting: unbounded jobs end by cancel()
        }
    }

    @Override
    public JobInfo.State status() {
        return Jobs.state(job.status());
    }

    @Override
    public Optional<Throwable> failure() {
        return job.status() == JobStatus.FAILED ? job.failure() : Optional.empty();
    }

    @Override
    public JobInfo info() {
        return entry.info();
    }

    /** The job's event-time watermark now, as {@link io.sabot.engine.Job#watermark()} defines it. */
    long watermark() {
        return job.watermark();
    }

    @Override
    public void cancel() {
        job.cancel();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release();
            if (!job.status().isTerminal()) {
                job.cancel();
            }
            job.results().close();
            onClose.accept(this);
        }
    }
}
