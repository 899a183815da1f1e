package io.sabot.runtime.internal.metrics;

import com.codahale.metrics.health.HealthCheck;
import io.sabot.connector.spi.ConnectivityCheck;
import io.sabot.connector.spi.ConnectorHealth;
import io.sabot.engine.ConnectorResolver;
import io.sabot.plan.LookupJoin;
import io.sabot.plan.PlanNode;
import io.sabot.plan.Sink;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import io.sabot.plugin.PluginFactory;
import io.sabot.plugin.ValidationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connectivity checks of a job's tables: for each table whose connector implements {@link ConnectorHealth}, a
 * {@link HealthCheck} that runs its {@link ConnectivityCheck} with a timeout of {@link #TIMEOUT}.
 */
final class TableHealthChecks {

    /** How long one table's connectivity check may take before it counts as unreachable. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A table's check, by the name under the job's prefix ({@code table.<name>.connectivity}). */
    record Named(String check, HealthCheck healthCheck, ConnectivityCheck connectivity) {}

    private TableHealthChecks() {}

    /** The checks of the tables {@code root} reads and writes, once per table (written wins over read). */
    static List<Named> of(PlanNode root, ConnectorResolver resolver) {
        Map<String, TableRef> tables = new LinkedHashMap<>();
        Map<String, Boolean> written = new LinkedHashMap<>();
        collect(root, tables, written);
        List<Named> checks = new ArrayList<>();
        for (Map.Entry<String, TableRef> e : tables.entrySet()) {
            TableRef table = e.getValue();
            boolean writes = written.get(e.getKey());
            Optional<? extends PluginFactory> factory = writes
                    ? resolver.sinkFactory(table.connector())
                    : resolver.sourceFactory(table.connector())
                            .map(PluginFactory.class::cast)
                            .or(() -> resolver.lookupSourceFactory(table.connector()));
            if (factory.isEmpty() || !(factory.get() instanceof ConnectorHealth health)) {
                continue;
            }
            ValidationResult options = factory.get()
                    .validate(
                            "connector '" + table.connector() + "' of table '" + table.name() + "'",
                            connectorOptions(table.options()));
            if (!options.isValid()) {
                continue; // the job refused them already
            }
            health.connectivityCheck(table.name(), options.orThrow(), writes)
                    .ifPresent(check -> checks.add(new Named(
                            "table." + io.sabot.metrics.spi.MetricName.segment(table.name()) + ".connectivity",
                            adapt(check),
                            check)));
        }
        return checks;
    }

    private static void collect(PlanNode node, Map<String, TableRef> tables, Map<String, Boolean> written) {
        TableRef table = null;
        boolean writes = false;
        if (node instanceof TableScan scan) {
            table = scan.table();
        } else if (node instanceof Sink sink) {
            table = sink.table();
            writes = true;
        } else if (node instanceof LookupJoin join) {
            table = join.table();
        }
        if (table != null) {
            tables.putIfAbsent(table.name(), table);
            written.merge(table.name(), writes, Boolean::logicalOr);
        }
        for (PlanNode input : node.inputs()) {
            collect(input, tables, written);
        }
    }

    /** The connector's own options: without the job's {@code error.*} and the formats' prefixed options. */
    private static Map<String, String> connectorOptions(Map<String, String> options) {
        List<String> formatPrefixes = new ArrayList<>();
        options.forEach((key, value) -> {
            if ((key.equals("format") || key.endsWith(".format")) && value != null) {
                formatPrefixes.add(key.substring(0, key.length() - "format".length()) + value + ".");
            }
        });
        Map<String, String> connector = new LinkedHashMap<>();
        options.forEach((key, value) -> {
            if (!key.startsWith("error.") && formatPrefixes.stream().noneMatch(key::startsWith)) {
                connector.put(key, value);
            }
        });
        return connector;
    }

    private static HealthCheck adapt(ConnectivityCheck check) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                ConnectivityCheck.Result result = check.check(TIMEOUT);
                return result.healthy() ? Result.healthy(result.message()) : Result.unhealthy(result.message());
            }
        };
    }
}
