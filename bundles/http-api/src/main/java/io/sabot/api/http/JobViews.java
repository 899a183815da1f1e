package io.sabot.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The jobs of this container as the HTTP API v1 shows them, for other administration surfaces of the same container
 * (the web console's jobs page) so that they show exactly what the API shows: the same counters, rates, watermark,
 * checkpoint, operators and metrics, with the values of secret options masked the same way. A service the HTTP API
 * bundle provides; thread-safe; every call builds a fresh, detached view.
 *
 * <p>The objects have the fields docs/http-api.md documents for {@code GET /sabot/api/v1/jobs} and {@code GET
 * /sabot/api/v1/jobs/{id}}. No authentication happens here: the caller has authenticated its user already.
 */
@ProviderType
public interface JobViews {

    /**
     * Every job, the newest first, as {@code GET /jobs} lists them: {@code {"jobs": [ … ]}}.
     */
    ObjectNode jobs();

    /**
     * One job in detail, as {@code GET /jobs/{id}} shows it (with {@code plan}, {@code metricsPrefix} and {@code
     * operators}).
     *
     * @param job a job's id ({@code job-3}, or the registry's full id) or its name
     * @return empty if there is no such job
     * @throws IllegalArgumentException if the name is blank or names several running jobs (the message lists them)
     */
    Optional<ObjectNode> job(String job);

    /**
     * SQL text with the values of secret options ({@code 'password' = '…'}, and every option a plug-in declares
     * secret) replaced by {@code ******}, as the API masks the {@code sql} and {@code failure} of a job.
     */
    String maskSecrets(String sql);

    /**
     * The same views narrowed to one tenant's jobs, as the API shows them to that tenant's principal: another
     * tenant's job is no job ({@link #job} is empty), exactly like one that does not exist.
     *
     * @param tenant a tenant's id
     * @throws IllegalArgumentException if there is no such tenant (naming it)
     * @since 1.2
     */
    JobViews forTenant(String tenant);
}
