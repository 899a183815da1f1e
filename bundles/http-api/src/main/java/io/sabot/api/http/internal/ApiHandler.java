package io.sabot.api.http.internal;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sabot.plugin.OptionError;
import io.sabot.plugin.OptionValidationException;
import io.sabot.runtime.JobDetails;
import io.sabot.runtime.JobInfo;
import io.sabot.runtime.JobRegistry;
import io.sabot.runtime.OptionInfo;
import io.sabot.runtime.PluginFailure;
import io.sabot.runtime.PluginInfo;
import io.sabot.runtime.PluginRegistry;
import io.sabot.runtime.PluginSnapshot;
import io.sabot.runtime.SavepointInfo;
import io.sabot.runtime.TenantInfo;
import io.sabot.runtime.Tenants;
import io.sabot.sql.SqlException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The endpoints of API v1, independent of the servlet container: a method, a path below {@code /sabot/api/v1}, the
 * authenticated principal and the body give a {@link Reply}, or an {@link ApiError}.
 */
final class ApiHandler {

    static final String BASE = "/sabot/api/v1";

    /** The answer to one request; {@code location} is set for 201 replies. */
    record Reply(int status, JsonNode body, String location) {
        Reply(int status, JsonNode body) {
            this(status, body, null);
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final JobRegistry jobs;
    private final PluginRegistry plugins;
    private final Supplier<MetricRegistry> metrics;
    private final Tenants tenants;

    ApiHandler(JobRegistry jobs, PluginRegistry plugins, Supplier<MetricRegistry> metrics) {
        this(jobs, plugins, metrics, null);
    }

    /** {@code tenants}: the container's tenants ({@code GET /tenants}), or null where there are none (tests). */
    ApiHandler(JobRegistry jobs, PluginRegistry plugins, Supplier<MetricRegistry> metrics, Tenants tenants) {
        this.jobs = jobs;
        this.plugins = plugins;
        this.metrics = metrics;
        this.tenants = tenants;
    }

    ObjectMapper mapper() {
        return json;
    }

    /**
     * @param rawPath the path below {@value #BASE} as sent (percent-encoded), e.g. {@code /jobs/job-3/cancel}
     */
    Reply handle(String method, String rawPath, Principal principal, byte[] body) {
        List<String> path = segments(rawPath);
        // an administrator sees every job; a tenant's principal the tenant's view, where others' jobs do not exist
        JobRegistry jobs = registry(principal);
        String where = principal.has(Principal.Role.ADMIN) ? "this container" : "tenant " + principal.tenant();
        if (path.isEmpty()) {
            allow(method, "GET");
            return new Reply(200, index());
        }
        switch (path.get(0)) {
            case "jobs":
                if (path.size() == 1) {
                    allow(method, "GET", "POST");
                    return method.equals("GET") ? new Reply(200, list(jobs)) : submit(jobs, body);
                }
                if (path.size() == 2) {
                    allow(method, "GET");
                    return new Reply(200, job(jobs, find(jobs, path.get(1), where), true));
                }
                if (path.size() == 3) {
                    switch (path.get(2)) {
                        case "cancel":
                            allow(method, "POST");
                            return cancel(jobs, find(jobs, path.get(1), where));
                        case "stop":
                            allow(method, "POST");
                            return savepoint(jobs, find(jobs, path.get(1), where), body, true);
                        case "savepoints":
                            allow(method, "POST");
                            return savepoint(jobs, find(jobs, path.get(1), where), body, false);
                        default:
                            break;
                    }
                }
                break;
            case "tenants":
                if (path.size() == 1) {
                    allow(method, "GET");
                    if (!principal.has(Principal.Role.ADMIN)) {
                        throw new ApiError(
                                403,
                                "forbidden",
                                principal.name() + " may not list the tenants (it needs the admin role)");
                    }
                    return new Reply(200, tenants());
                }
                break;
            case "plugins":
                if (path.size() == 1) {
                    allow(method, "GET");
                    return new Reply(200, plugins());
                }
                break;
            default:
                break;
        }
        throw new ApiError(404, "not_found", "no resource " + BASE + rawPath + " (GET " + BASE + " lists them)");
    }

    /** The job registry as {@code principal} may see it. */
    private JobRegistry registry(Principal principal) {
        if (principal.has(Principal.Role.ADMIN)) {
            return this.jobs;
        }
        if (principal.has(Principal.Role.TENANT) && principal.tenant() != null) {
            try {
                return this.jobs.forTenant(principal.tenant());
            } catch (IllegalArgumentException e) { // no such tenant (any more), or its configuration is invalid
                throw new ApiError(
                        403,
                        "forbidden",
                        principal.name() + " acts for tenant '" + principal.tenant() + "': " + e.getMessage());
            }
        }
        throw new ApiError(
                403, "forbidden", principal.name() + " may not use " + BASE + " (it needs the admin or a tenant role)");
    }

    private ObjectNode tenants() {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("tenants");
        if (tenants == null) {
            return out;
        }
        for (TenantInfo t : tenants.tenants()) {
            ObjectNode node = list.addObject();
            node.put("id", t.id());
            ArrayNode connectors = node.putArray("allowedConnectors");
            new java.util.TreeSet<>(t.allowedConnectors()).forEach(connectors::add);
            node.put("maxJobs", t.maxJobs());
            node.put("maxParallelism", t.maxParallelism());
            node.put("maxMemoryBytes", t.maxMemoryBytes());
            node.put("maxStateBytes", t.maxStateBytes());
            ArrayNode running = node.putArray("runningJobs");
            t.runningJobs().forEach(running::add);
            node.put("memoryUsed", t.memoryUsed());
            node.put("error", t.error().isEmpty() ? null : t.error());
        }
        return out;
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                try {
                    out.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new ApiError(
                            400,
                            "invalid_path",
                            "the path segment '" + segment + "' is not valid" + " percent-encoding");
                }
            }
        }
        return out;
    }

    private static void allow(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        String list = String.join(", ", allowed);
        throw new ApiError(
                405,
                "method_not_allowed",
                method + " is not allowed here (allowed: " + list + ")",
                e -> e.put("allow", list));
    }

    private ObjectNode index() {
        ObjectNode out = json.createObjectNode();
        out.put("api", "sabot");
        out.put("version", "v1");
        ArrayNode endpoints = out.putArray("endpoints");
        for (String e : List.of(
                "GET /jobs",
                "POST /jobs",
                "GET /jobs/{id}",
                "POST /jobs/{id}/cancel",
                "POST /jobs/{id}/stop",
                "POST /jobs/{id}/savepoints",
                "GET /plugins",
                "GET /tenants")) {
            endpoints.add(e);
        }
        return out;
    }

    private static JobDetails find(JobRegistry jobs, String ref, String where) {
        Optional<JobDetails> job;
        try {
            job = jobs.details(ref);
        } catch (IllegalArgumentException e) {
            throw new ApiError(409, "ambiguous_job", e.getMessage());
        }
        return job.orElseThrow(() -> new ApiError(
                404, "job_not_found", "no job '" + ref + "' in " + where + " (GET " + BASE + "/jobs lists them)"));
    }

    private ObjectNode job(JobRegistry jobs, JobDetails job, boolean detail) {
        return withTenant(jobs, JobJson.job(job, metrics.get(), secretKeys(), detail), job);
    }

    /** The job's tenant, as a field of its JSON. */
    private static ObjectNode withTenant(JobRegistry jobs, ObjectNode node, JobDetails job) {
        node.put("tenant", jobs.tenantOf(job.info().id()).orElse("default"));
        return node;
    }

    /** {@code GET /jobs} as the admin sees it: every job, the newest first. */
    ObjectNode list() {
        return list(jobs);
    }

    private ObjectNode list(JobRegistry jobs) {
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("jobs");
        Set<String> secrets = secretKeys();
        MetricRegistry registry = metrics.get();
        for (JobInfo info : jobs.jobs()) {
            // details by the full id: unique, and a job that ended meanwhile is still there
            jobs.details(info.id())
                    .ifPresent(d -> list.add(withTenant(jobs, JobJson.job(d, registry, secrets, false), d)));
        }
        return out;
    }

    private Reply submit(JobRegistry jobs, byte[] body) {
        JsonNode request = parse(body, true);
        Set<String> known = Set.of("sql", "name", "settings");
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                throw new ApiError(400, "unknown_field", "unknown field '" + field + "' (known: sql, name, settings)");
            }
        }
        JsonNode sql = request.get("sql");
        if (sql == null || !sql.isTextual() || sql.asText().isBlank()) {
            throw new ApiError(400, "missing_field", "the body needs 'sql': the script, a string");
        }
        JsonNode name = request.get("name");
        if (name != null && !name.isNull() && !name.isTextual()) {
            throw new ApiError(400, "invalid_field", "'name' must be a string");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        JsonNode given = request.get("settings");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new ApiError(400, "invalid_field", "'settings' must be an object of keys and values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new ApiError(
                            400, "invalid_field", "settings." + e.getKey() + " must be a string, number or boolean");
                }
                settings.put(e.getKey(), e.getValue().asText());
            }
        }
        List<JobInfo> started;
        try {
            started = jobs.submit(sql.asText(), name == null || name.isNull() ? null : name.asText(), settings);
        } catch (SqlException e) {
            String message = e.getMessage();
            if (e.line() > 0 && !message.contains("line " + e.line())) {
                message += " (at line " + e.line() + ", column " + e.column() + ")";
            }
            throw new ApiError(400, "invalid_sql", message, error -> {
                error.put("line", e.line());
                error.put("column", e.column());
                if (e.problems().size() > 1) {
                    ArrayNode problems = error.putArray("problems");
                    e.problems().forEach(problems::add);
                }
            });
        } catch (OptionValidationException e) {
            throw new ApiError(400, "invalid_options", e.getMessage(), error -> {
                ArrayNode problems = error.putArray("problems");
                for (OptionError o : e.errors()) {
                    problems.addObject()
                            .put("key", o.key())
                            .put("kind", o.kind().name())
                            .put("message", o.message());
                }
            });
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_request", e.getMessage());
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("jobs");
        Set<String> secrets = secretKeys();
        MetricRegistry registry = metrics.get();
        for (JobInfo info : started) {
            jobs.details(info.id())
                    .ifPresent(d -> list.add(withTenant(jobs, JobJson.job(d, registry, secrets, false), d)));
        }
        return new Reply(201, out, BASE + "/jobs/" + JobJson.id(started.get(0)));
    }

    private Reply cancel(JobRegistry jobs, JobDetails job) {
        if (job.info().state() != JobInfo.State.RUNNING
                || !jobs.cancel(job.info().id())) {
            throw notRunning(job);
        }
        ObjectNode out = json.createObjectNode();
        out.put("message", "cancelling " + JobJson.id(job.info()));
        out.set("job", job(jobs, jobs.details(job.info().id()).orElse(job), false));
        return new Reply(202, out);
    }

    private static ApiError notRunning(JobDetails job) {
        JobInfo info = job.info();
        return new ApiError(
                409, "job_not_running", "job " + JobJson.id(info) + " is not running (" + info.state() + ")");
    }

    private Reply savepoint(JobRegistry jobs, JobDetails job, byte[] body, boolean stop) {
        Path directory = null;
        if (body.length > 0) {
            JsonNode request = parse(body, false);
            for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("directory")) {
                    throw new ApiError(400, "unknown_field", "unknown field '" + field + "' (known: directory)");
                }
            }
            JsonNode dir = request.get("directory");
            if (dir != null && !dir.isNull()) {
                if (!dir.isTextual() || !Path.of(dir.asText()).isAbsolute()) {
                    throw new ApiError(400, "invalid_field", "'directory' must be an absolute path on the server");
                }
                directory = Path.of(dir.asText());
            }
        }
        if (job.info().state() != JobInfo.State.RUNNING) {
            throw notRunning(job);
        }
        SavepointInfo savepoint;
        try {
            savepoint = stop
                    ? jobs.stopWithSavepoint(job.info().id(), directory)
                    : jobs.savepoint(job.info().id(), directory);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "invalid_request", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiError(409, "savepoint_failed", e.getMessage());
        }
        ObjectNode out = json.createObjectNode();
        out.set("savepoint", JobJson.savepoint(savepoint));
        out.set("job", job(jobs, jobs.details(job.info().id()).orElse(job), false));
        return new Reply(stop ? 200 : 201, out);
    }

    private ObjectNode plugins() {
        PluginSnapshot snapshot = plugins.snapshot();
        ObjectNode out = json.createObjectNode();
        out.put("generation", snapshot.generation());
        ArrayNode list = out.putArray("plugins");
        for (PluginInfo p : snapshot.plugins()) {
            ObjectNode node = list.addObject();
            node.put("kind", p.kind().label());
            node.put("identifier", p.identifier());
            ArrayNode roles = node.putArray("roles");
            p.roles().forEach(roles::add);
            node.put("description", p.description());
            node.put("state", p.state().name());
            node.put("bundle", p.bundleSymbolicName());
            node.put("bundleVersion", p.bundleVersion());
            node.put("bundleId", p.bundleId());
            node.put("ranking", p.ranking());
            ArrayNode options = node.putArray("options");
            for (OptionInfo o : p.options()) {
                ObjectNode option = options.addObject();
                option.put("key", o.key());
                option.put("type", o.type());
                option.put("default", o.secret() && o.defaultValue() != null ? JobJson.MASK : o.defaultValue());
                option.put("required", o.required());
                option.put("secret", o.secret());
                option.put("description", o.description());
                ArrayNode allowed = option.putArray("allowedValues");
                o.allowedValues().forEach(allowed::add);
            }
        }
        ArrayNode failures = out.putArray("failures");
        for (PluginFailure f : snapshot.failures()) {
            failures.addObject()
                    .put("kind", f.kind() == null ? null : f.kind().label())
                    .put("identifier", f.identifier())
                    .put("bundle", f.bundleSymbolicName())
                    .put("bundleVersion", f.bundleVersion())
                    .put("bundleId", f.bundleId())
                    .put("reason", f.reason());
        }
        return out;
    }

    /**
     * {@code GET /jobs/{ref}}, or empty when there is no such job.
     *
     * @throws IllegalArgumentException if {@code ref} is blank or names several running jobs
     */
    Optional<ObjectNode> detail(String ref) {
        return jobs.details(ref).map(d -> job(jobs, d, true));
    }

    /** {@code sql} with secret option values masked as in every reply. */
    String maskSecrets(String sql) {
        return JobJson.maskSecrets(sql, secretKeys());
    }

    /** Option keys some plug-in declares secret. */
    private Set<String> secretKeys() {
        Set<String> keys = new HashSet<>();
        for (PluginInfo p : plugins.snapshot().plugins()) {
            for (OptionInfo o : p.options()) {
                if (o.secret()) {
                    keys.add(o.key());
                }
            }
        }
        return keys;
    }

    /** The body as a JSON object; {@code required}: an empty body is an error. */
    private JsonNode parse(byte[] body, boolean required) {
        if (body.length == 0) {
            if (required) {
                throw new ApiError(400, "missing_body", "the request needs a JSON body");
            }
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ApiError(
                    400,
                    "invalid_json",
                    "the body is not valid JSON" + where + ": " + e.getOriginalMessage(),
                    error -> {
                        if (at != null) {
                            error.put("line", at.getLineNr());
                            error.put("column", at.getColumnNr());
                        }
                    });
        } catch (java.io.IOException e) {
            throw new ApiError(400, "invalid_json", "the body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ApiError(400, "invalid_json", "the body must be a JSON object");
        }
        return node;
    }
}
