package io.sabot.connector.kafka.internal;

import io.sabot.connector.spi.ConnectivityCheck;
import io.sabot.plugin.ValidatedOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/**
 * A Kafka table's cluster answers a {@code describeCluster} within the timeout. One admin client, created at the
 * first check and kept (a check every few seconds must not open a connection each time).
 */
final class KafkaConnectivityCheck implements ConnectivityCheck {

    private final String tableName;
    private final ValidatedOptions options;
    private Admin admin;

    KafkaConnectivityCheck(String tableName, ValidatedOptions options) {
        this.tableName = tableName;
        this.options = options;
    }

    private String brokers() {
        return String.valueOf(Clients.common(options).get("bootstrap.servers"));
    }

    @Override
    public synchronized Result check(Duration timeout) {
        if (admin == null) {
            admin = Clients.create(() -> Admin.create(Clients.common(options)));
        }
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis));
            int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
            String id = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
            return Result.healthy("table '" + tableName + "': Kafka cluster " + id + " at " + brokers() + " answered ("
                    + nodes + " broker" + (nodes == 1 ? "" : "s") + ")");
        } catch (TimeoutException e) {
            return Result.unhealthy("table '" + tableName + "': the Kafka brokers " + brokers()
                    + " did not answer within " + millis + " ms");
        } catch (ExecutionException e) {
            return Result.unhealthy(
                    "table '" + tableName + "': the Kafka brokers " + brokers() + " did not answer: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.unhealthy("table '" + tableName + "': interrupted while asking " + brokers());
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
