package io.sabot.launcher;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/sabot submit|list|status|cancel|savepoint|plugins}: clients of the HTTP API v1 (docs/http-api.md) of a
 * Sabot server, local or remote. Credentials: {@code --token} or {@code SABOT_TOKEN} (a bearer token, see {@code
 * bin/sabot token}), else the admin user ({@code --user}, default {@code admin}) with the password from {@code
 * SABOT_PASSWORD} or asked on the terminal. The password is never taken from the command line, where other users
 * could read it.
 */
final class ApiCommand {

    static final List<String> COMMANDS = List.of("submit", "list", "status", "cancel", "savepoint", "plugins");

    private ApiCommand() {}

    /** Runs one client command; the exit code: 0 done, 1 refused or failed, 2 bad usage. */
    static int run(String command, List<String> args, PrintStream out, PrintStream err, Function<String, String> env) {
        Object cmd =
                switch (command) {
                    case "submit" -> new Submit();
                    case "list" -> new ListJobs();
                    case "status" -> new Status();
                    case "cancel" -> new Cancel();
                    case "savepoint" -> new Savepoint();
                    case "plugins" -> new Plugins();
                    default -> throw new IllegalArgumentException("unknown command " + command);
                };
        Base base = (Base) cmd;
        base.out = out;
        base.err = err;
        base.env = env;
        CommandLine line = new CommandLine(cmd).setCommandName("sabot " + command);
        java.io.PrintWriter outWriter = new java.io.PrintWriter(out, true);
        java.io.PrintWriter errWriter = new java.io.PrintWriter(err, true);
        line.setOut(outWriter);
        line.setErr(errWriter);
        try {
            return line.execute(args.toArray(new String[0]));
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /** Where the server is and how to authenticate. */
    static final class Connection {
        @Option(
                names = "--server",
                paramLabel = "URL",
                description = "the Sabot server (default: $SABOT_SERVER, else http://127.0.0.1:<port of this home>)")
        String server;

        @Option(names = "--user", paramLabel = "NAME", description = "the admin user (default: admin)")
        String user;

        @Option(
                names = "--token",
                paramLabel = "TOKEN",
                description = "a bearer token (default: $SABOT_TOKEN); prefer the variable: others can see arguments")
        String token;

        @Option(names = "--json", description = "print the server's JSON reply as it is")
        boolean json;
    }

    /** Common to every command: sending a request and reporting errors. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        Connection connection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintStream out;
        PrintStream err;
        Function<String, String> env;

        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        /** The reply, or null when it was an error (printed). */
        Object call(String method, String path, String body, int... ok) throws IOException, InterruptedException {
            String base = connection.server != null ? connection.server : env.apply("SABOT_SERVER");
            if (base == null || base.isBlank()) {
                base = "http://127.0.0.1:" + System.getProperty(Main.HTTP_PORT_PROPERTY, Main.DEFAULT_HTTP_PORT);
            }
            base = base.replaceAll("/+$", "");
            URI uri;
            try {
                uri = URI.create(base + "/sabot/api/v1" + path);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--server " + base + " is not a URL: " + e.getMessage());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(16)) // a savepoint waits until it is durable
                    .header("Accept", "application/json")
                    .header("Authorization", authorization())
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException e) {
                err.println("sabot: no Sabot server answers at " + base);
                return null;
            }
            Object reply;
            try {
                reply = Json.parse(response.body());
            } catch (IllegalArgumentException e) {
                err.println("sabot: " + base + " answered " + response.statusCode() + " without JSON: is it a Sabot"
                        + " server?");
                return null;
            }
            for (int status : ok) {
                if (status == response.statusCode()) {
                    if (connection.json) {
                        out.println(response.body());
                    }
                    return reply;
                }
            }
            String message = Json.text(reply, "error", "message");
            err.println("sabot: " + (message.isEmpty() ? "HTTP " + response.statusCode() : message)
                    + (response.statusCode() == 401 ? " (HTTP 401: check --user, SABOT_PASSWORD or the token)" : ""));
            return null;
        }

        private String authorization() {
            String token = connection.token != null ? connection.token : env.apply("SABOT_TOKEN");
            if (token != null && !token.isBlank()) {
                return "Bearer " + token.strip();
            }
            String user = connection.user != null ? connection.user : "admin";
            String password = env.apply("SABOT_PASSWORD");
            if (password == null) {
                Console console = System.console();
                if (console == null) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            "no credentials: set SABOT_PASSWORD or SABOT_TOKEN (or give --token), or run on a"
                                    + " terminal to be asked");
                }
                char[] typed = console.readPassword("Password of %s: ", user);
                password = typed == null ? "" : new String(typed);
            }
            return "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        static String segment(String job) {
            return URLEncoder.encode(job, StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** One line about a job, as list and submit print it. */
        void printJobs(List<Object> jobs) {
            if (connection.json) {
                return;
            }
            if (jobs.isEmpty()) {
                out.println("No jobs.");
                return;
            }
            String format = "%-10s %-20s %-9s %12s %12s %9s %9s  %-24s %s%n";
            out.printf(
                    format, "ID", "NAME", "STATE", "ROWS IN", "ROWS OUT", "IN/S", "OUT/S", "WATERMARK", "CHECKPOINT");
            for (Object job : jobs) {
                String checkpoint = Json.at(job, "lastCheckpoint") == null
                        ? "-"
                        : Json.text(job, "lastCheckpoint", "id") + " at "
                                + Json.text(job, "lastCheckpoint", "completed");
                out.printf(
                        format,
                        Json.text(job, "id"),
                        orDash(Json.text(job, "name")),
                        Json.text(job, "state"),
                        Json.text(job, "rowsIn"),
                        Json.text(job, "rowsOut"),
                        orDash(Json.text(job, "rowsInPerSecond")),
                        orDash(Json.text(job, "rowsOutPerSecond")),
                        orDash(Json.text(job, "watermark")),
                        checkpoint);
            }
        }

        static String orDash(String s) {
            return s.isEmpty() ? "-" : s;
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = "Submits a SQL script (CREATE, SET, INSERT INTO statements) to run as jobs on the server.")
    static final class Submit extends Base {
        @Option(
                names = {"-f", "--file"},
                paramLabel = "FILE",
                description = "the script")
        Path file;

        @Option(
                names = {"-e", "--execute"},
                paramLabel = "SQL",
                description = "the script on the command line")
        String sql;

        @Option(names = "--name", paramLabel = "NAME", description = "the job's name (pipeline.name)")
        String name;

        @Option(
                names = {"-s", "--set"},
                paramLabel = "KEY=VALUE",
                description = "a setting applied before the script, as SET 'KEY' = 'VALUE' would")
        Map<String, String> settings = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            if ((file == null) == (sql == null)) {
                err.println("sabot: give the script with exactly one of -f FILE and -e SQL");
                return 2;
            }
            String script = file != null ? Files.readString(file, StandardCharsets.UTF_8) : sql;
            StringBuilder body = new StringBuilder("{\"sql\": ").append(Json.quote(script));
            if (name != null) {
                body.append(", \"name\": ").append(Json.quote(name));
            }
            if (!settings.isEmpty()) {
                List<String> pairs = new ArrayList<>();
                settings.forEach((k, v) -> pairs.add(Json.quote(k) + ": " + Json.quote(v)));
                body.append(", \"settings\": {")
                        .append(String.join(", ", pairs))
                        .append('}');
            }
            Object reply = call("POST", "/jobs", body.append('}').toString(), 201);
            if (reply == null) {
                return 1;
            }
            if (!connection.json) {
                for (Object job : Json.list(reply, "jobs")) {
                    out.println("Submitted " + Json.text(job, "id")
                            + (Json.text(job, "name").isEmpty() ? "" : " (" + Json.text(job, "name") + ")") + ": "
                            + Json.text(job, "state"));
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the server's jobs.")
    static final class ListJobs extends Base {
        @Override
        public Integer call() throws Exception {
            Object reply = call("GET", "/jobs", null, 200);
            if (reply == null) {
                return 1;
            }
            printJobs(Json.list(reply, "jobs"));
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Shows one job: state, counters, watermark, last checkpoint, plan and operators.")
    static final class Status extends Base {
        @Parameters(paramLabel = "JOB", description = "the job's id (job-3) or name")
        String job;

        @Override
        public Integer call() throws Exception {
            Object reply = call("GET", "/jobs/" + segment(job), null, 200);
            if (reply == null) {
                return 1;
            }
            if (connection.json) {
                return 0;
            }
            for (String key : List.of(
                    "id",
                    "name",
                    "state",
                    "started",
                    "ended",
                    "failure",
                    "rowsIn",
                    "rowsOut",
                    "rowsInPerSecond",
                    "rowsOutPerSecond",
                    "watermark",
                    "lateRowsDropped",
                    "checkpointsCompleted",
                    "checkpointsFailed")) {
                out.printf("%-21s %s%n", key + ":", orDash(Json.text(reply, key)));
            }
            Object checkpoint = Json.at(reply, "lastCheckpoint");
            out.printf(
                    "%-21s %s%n",
                    "lastCheckpoint:",
                    checkpoint == null
                            ? "-"
                            : Json.text(checkpoint, "id") + " " + Json.text(checkpoint, "path") + " ("
                                    + Json.text(checkpoint, "sizeBytes") + " bytes, "
                                    + Json.text(checkpoint, "durationMs") + " ms)");
            out.println("sql:");
            Json.text(reply, "sql").lines().forEach(l -> out.println("  " + l));
            out.println("plan:");
            Json.text(reply, "plan").lines().forEach(l -> out.println("  " + l));
            List<Object> operators = Json.list(reply, "operators");
            if (!operators.isEmpty()) {
                String format = "  %-36s %-8s %11s %12s %12s%n";
                out.printf(format, "OPERATOR", "KIND", "PARALLELISM", "RECORDS IN", "RECORDS OUT");
                for (Object op : operators) {
                    out.printf(
                            format,
                            Json.text(op, "id"),
                            Json.text(op, "kind"),
                            Json.text(op, "parallelism"),
                            Json.text(op, "recordsIn"),
                            Json.text(op, "recordsOut"));
                }
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a running job.")
    static final class Cancel extends Base {
        @Parameters(paramLabel = "JOB", description = "the job's id (job-3) or name")
        String job;

        @Override
        public Integer call() throws Exception {
            Object reply = call("POST", "/jobs/" + segment(job) + "/cancel", null, 202);
            if (reply == null) {
                return 1;
            }
            if (!connection.json) {
                out.println("Cancelling " + Json.text(reply, "job", "id") + ".");
            }
            return 0;
        }
    }

    @Command(
            name = "savepoint",
            mixinStandardHelpOptions = true,
            description = "Takes a savepoint of a running job on the server (with --stop, stops it with one).")
    static final class Savepoint extends Base {
        @Parameters(index = "0", paramLabel = "JOB", description = "the job's id (job-3) or name")
        String job;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "DIR",
                description = "an absolute directory on the server (default: the job's state.savepoints.dir)")
        String directory;

        @Option(names = "--stop", description = "stop the job with the savepoint")
        boolean stop;

        @Override
        public Integer call() throws Exception {
            String body = directory == null ? null : "{\"directory\": " + Json.quote(directory) + "}";
            Object reply = call("POST", "/jobs/" + segment(job) + (stop ? "/stop" : "/savepoints"), body, 200, 201);
            if (reply == null) {
                return 1;
            }
            if (!connection.json) {
                out.println(
                        (stop ? "Stopped " + Json.text(reply, "savepoint", "job") + " with savepoint " : "Savepoint ")
                                + Json.text(reply, "savepoint", "path") + " (id " + Json.text(reply, "savepoint", "id")
                                + ", "
                                + Json.text(reply, "savepoint", "sizeBytes") + " bytes, "
                                + Json.text(reply, "savepoint", "durationMs") + " ms)");
            }
            return 0;
        }
    }

    @Command(
            name = "plugins",
            mixinStandardHelpOptions = true,
            description = "Lists the server's plug-ins (connectors, formats, state backends, error handlers,"
                    + " exporters) and those that failed to bind.")
    static final class Plugins extends Base {
        @Parameters(
                arity = "0..1",
                paramLabel = "KIND",
                description = "only this kind: connector, format, state-backend, error-handler, dead-letter,"
                        + " metrics-exporter")
        String kind;

        @Override
        public Integer call() throws Exception {
            Object reply = call("GET", "/plugins", null, 200);
            if (reply == null) {
                return 1;
            }
            if (connection.json) {
                return 0;
            }
            String format = "%-17s %-16s %-9s %-40s %-16s %s%n";
            out.printf(format, "KIND", "IDENTIFIER", "STATE", "BUNDLE", "VERSION", "OPTIONS");
            for (Object p : Json.list(reply, "plugins")) {
                if (kind == null || kind.equals(Json.text(p, "kind"))) {
                    out.printf(
                            format,
                            Json.text(p, "kind"),
                            Json.text(p, "identifier"),
                            Json.text(p, "state"),
                            Json.text(p, "bundle"),
                            Json.text(p, "bundleVersion"),
                            Json.list(p, "options").size());
                }
            }
            List<Object> failures = Json.list(reply, "failures");
            if (!failures.isEmpty()) {
                out.println();
                out.println("Failed to bind:");
                for (Object f : failures) {
                    out.println("  " + orDash(Json.text(f, "kind")) + " " + orDash(Json.text(f, "identifier")) + " ("
                            + Json.text(f, "bundle") + "): " + Json.text(f, "reason"));
                }
            }
            return 0;
        }
    }
}
