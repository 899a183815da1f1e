/**
 * The runtime's public face to administration tools: which plug-ins are installed, what options they take, which
 * failed to bind and why, and the runtime's settings.
 *
 * <p>{@link io.sabot.runtime.PluginRegistry} is a service the runtime provides. It follows every plug-in SPI (source
 * and sink factories, formats, state backends, error handlers, metrics exporters) as a whiteboard: a plug-in bundle
 * that registers a factory service appears in the registry at once, and vanishes when the bundle stops. Readers get
 * immutable {@link io.sabot.runtime.PluginSnapshot snapshots} without locking; a snapshot never changes, a new one
 * replaces it.
 *
 * <p>Embedding applications run SQL through a {@link io.sabot.runtime.StreamingSqlExecutor}; each query's {@link
 * io.sabot.runtime.QueryResult} carries its batches and, since 1.1, its outcome ({@code status()}, {@code
 * failure()}, {@code info()}).
 *
 * <p>Since 1.2, savepoints: {@link io.sabot.runtime.StreamingSqlExecutor#savepoint}, {@link
 * io.sabot.runtime.StreamingSqlExecutor#stopWithSavepoint} and {@link
 * io.sabot.runtime.StreamingSqlExecutor#disposeSavepoint} for the executor's own jobs, the same on the {@link
 * io.sabot.runtime.JobRegistry} for any job of the container (the Gogo commands and {@code bin/sabot} use it).
 *
 * <p>Since 1.4, metrics and health checks: {@link io.sabot.runtime.StreamingSqlExecutor#metricRegistry()} and {@link
 * io.sabot.runtime.StreamingSqlExecutor#healthChecks()} (docs/metrics.md lists every metric and check).
 *
 * <p>Since 1.5, {@link io.sabot.runtime.JobInfo#retries()}: failed sink writes the error handlers had attempted again
 * (docs/error-handling.md).
 *
 * <p>Since 1.6, {@link io.sabot.runtime.JobRegistry#submit} runs a SQL script as jobs of the container and {@link
 * io.sabot.runtime.JobRegistry#details} describes one job ({@link io.sabot.runtime.JobDetails}: watermark, plan, where
 * its metrics are), for the HTTP API (docs/http-api.md).
 *
 * <p>Since 1.7, tenants (docs/tenants.md): the {@link io.sabot.runtime.Tenants} service lists them ({@link
 * io.sabot.runtime.TenantInfo}); {@link io.sabot.runtime.JobRegistry#forTenant} and {@link
 * io.sabot.runtime.StreamingSqlExecutor.Builder#tenant} run jobs as a tenant's, isolated and within its quotas.
 *
 * <p>Since 1.8, {@link io.sabot.runtime.RuntimeSettings#lastNotice()} tells what a changed default did to running jobs;
 * {@link io.sabot.runtime.Secrets} masks secret option values; the job registry's {@link
 * io.sabot.runtime.JobInfo#sql()}, {@link io.sabot.runtime.JobInfo#failure()} and {@link
 * io.sabot.runtime.JobDetails#plan()} come masked (docs/secrets-and-environments.md).
 *
 * <p>Since 1.9, {@link io.sabot.runtime.RuntimeSettings} also holds the default checkpoint directory and retained
 * checkpoints and the default memory limit of a job (README, "Configuration").
 *
 * <p>Since 1.10, {@link io.sabot.runtime.Tenants#check} validates a tenant's configuration before it is written, and
 * {@link io.sabot.runtime.TenantInfo#allowedPaths()} lists its allowed paths (the web console's tenants page).
 */
@Version("1.10.0")
package io.sabot.runtime;

import org.osgi.annotation.versioning.Version;
