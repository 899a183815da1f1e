package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.sink.Committer;
import io.sabot.plugin.PluginException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Commits (or aborts) the transactions writers pre-committed, by resuming each with its producer id and epoch in a
 * producer of the same transactional id. Idempotent: a transaction committed before (the committables of a restored
 * checkpoint are committed again) answers with a fencing error, which counts as done.
 */
final class KafkaCommitter implements Committer<KafkaCommittable> {

    private final KafkaSink sink;

    KafkaCommitter(KafkaSink sink) {
        this.sink = sink;
    }

    @Override
    public void commit(List<KafkaCommittable> committables) {
        for (KafkaCommittable c : committables) {
            end(c, true);
        }
    }

    @Override
    public void abort(List<KafkaCommittable> committables) {
        for (KafkaCommittable c : committables) {
            end(c, false);
        }
    }

    private void end(KafkaCommittable c, boolean commit) {
        KafkaProducer<byte[], byte[]> producer = ResumableProducer.create(sink.producerConfig(c.transactionalId()));
        try {
            ResumableProducer.resume(producer, c.producerId(), c.epoch());
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
        } catch (ProducerFencedException | InvalidProducerEpochException | InvalidTxnStateException e) {
            // ended before: committed by an earlier attempt (or aborted, when that was asked for) - unless the
            // brokers still hold it open, which must not pass for done: its rows would never become visible
            if (stillOpen(c)) {
                throw new PluginException(
                        "table '" + sink.tableName() + "': transaction '" + c.transactionalId() + "' (producer id "
                                + c.producerId() + ", epoch " + c.epoch() + ") on topic '" + sink.topic()
                                + "' is still open after its " + (commit ? "commit" : "abort") + " was refused: " + e,
                        e,
                        true);
            }
        } catch (KafkaException e) {
            throw new PluginException(
                    "table '" + sink.tableName() + "': cannot " + (commit ? "commit" : "abort") + " transaction '"
                            + c.transactionalId() + "' (producer id " + c.producerId() + ", epoch " + c.epoch()
                            + ") on topic '" + sink.topic() + "': " + e,
                    e,
                    true);
        } finally {
            ResumableProducer.closeNow(producer);
        }
    }

    /** Whether the brokers list the committable's transaction as ongoing, with its producer id and epoch. */
    private boolean stillOpen(KafkaCommittable c) {
        try (Admin admin = Clients.create(() -> Admin.create(sink.clientConfig()))) {
            TransactionDescription d = admin.describeTransactions(List.of(c.transactionalId()))
                    .description(c.transactionalId())
                    .get(30, TimeUnit.SECONDS);
            return d.state() == TransactionState.ONGOING
                    && d.producerId() == c.producerId()
                    && d.producerEpoch() == c.epoch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // unknown: let the commit be tried again
        } catch (TimeoutException e) {
            return true; // the brokers are away again: unknown, so the commit is tried again
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            // unknown while the brokers are unreachable; only a refused DESCRIBE (permission, an older broker)
            // leaves the commit's refusal as all there is
            return cause instanceof org.apache.kafka.common.errors.RetriableException;
        }
    }
}
