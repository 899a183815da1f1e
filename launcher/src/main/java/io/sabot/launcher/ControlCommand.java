package io.sabot.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code bin/sabot jobs}, {@code bin/sabot savepoint <job> [dir]}, {@code bin/sabot savepoint --dispose <dir>} and
 * {@code bin/sabot stop <job> [--savepoint dir]}: reach the jobs of the Sabot containers running on this home (a
 * {@code bin/sabot run|console} container, and every {@code bin/sabot sql} process) through their local control
 * channel. Each live container has written {@code data/run/<pid>.json} (readable by its owner only) with its loopback
 * HTTP port and a random token; a file whose process is gone is removed.
 */
final class ControlCommand {

    private static final Pattern NUMBER = Pattern.compile("\"(pid|port)\"\\s*:\\s*(\\d+)");
    private static final Pattern STRING = Pattern.compile("\"(path|token|kind)\"\\s*:\\s*\"([^\"]*)\"");

    /** A live container as its run file describes it. */
    record Target(long pid, int port, String path, String token, String kind) {
        URI uri(String request) {
            return URI.create("http://127.0.0.1:" + port + path + request);
        }

        @Override
        public String toString() {
            return "pid " + pid + " (" + kind + ", port " + port + ")";
        }
    }

    private final SabotHome home;
    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ControlCommand(SabotHome home, PrintStream out, PrintStream err) {
        this.home = home;
        this.out = out;
        this.err = err;
    }

    static int run(SabotHome home, String command, List<String> args, PrintStream out) {
        return new ControlCommand(home, out, System.err).execute(command, args);
    }

    int execute(String command, List<String> args) {
        try {
            switch (command) {
                case "jobs":
                    if (!args.isEmpty()) {
                        return usage("jobs takes no arguments");
                    }
                    return jobs();
                case "savepoint":
                    if (!args.isEmpty() && args.get(0).equals("--dispose")) {
                        return args.size() == 2 ? dispose(Path.of(args.get(1))) : usage("savepoint --dispose DIR");
                    }
                    if (args.isEmpty() || args.size() > 2 || args.get(0).startsWith("-")) {
                        return usage("savepoint JOB [DIR]");
                    }
                    return call("savepoint", args.get(0), args.size() == 2 ? args.get(1) : null);
                case "health":
                    if (!args.isEmpty()) {
                        return usage("health takes no arguments");
                    }
                    return health();
                case "stop":
                    if (args.size() == 1 && !args.get(0).startsWith("-")) {
                        return call("stop", args.get(0), null);
                    }
                    if (args.size() == 3 && args.get(1).equals("--savepoint")) {
                        return call("stop", args.get(0), args.get(2));
                    }
                    return usage("stop JOB [--savepoint DIR]");
                default:
                    return usage("unknown command " + command);
            }
        } catch (IOException e) {
            err.println("sabot: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int usage(String message) {
        err.println("sabot: " + message);
        err.println(
                "usage: bin/sabot jobs | health | savepoint JOB [DIR] | savepoint --dispose DIR | stop JOB [--savepoint"
                        + " DIR]");
        return 2;
    }

    private int jobs() throws IOException, InterruptedException {
        List<Target> targets = targets();
        if (targets.isEmpty()) {
            out.println("No Sabot container is running on " + home.root() + ".");
            return 0;
        }
        return askEach(targets, t -> t.uri("/jobs"), "");
    }

    /** GETs {@code uri} of every container and prints the answers; 1 when one did not answer 200. */
    private int askEach(List<Target> targets, java.util.function.Function<Target, URI> uri, String indent)
            throws IOException, InterruptedException {
        int code = 0;
        for (Target t : targets) {
            out.println("Container " + t + ":");
            HttpResponse<String> response =
                    send(t, HttpRequest.newBuilder(uri.apply(t)).GET(), Duration.ofSeconds(30));
            if (response == null) {
                out.println("  (not answering)");
                code = 1;
                continue;
            }
            response.body().lines().forEach(line -> out.println(indent + line));
            if (response.statusCode() != 200) {
                code = 1;
            }
        }
        return code;
    }

    /**
     * Runs the health checks of every live container ({@code GET health} on its control channel, which answers as
     * {@code /health?format=text} does but with the run file's token, so no API credentials are needed here) and
     * prints them: 0 when every container answers 200 (all healthy), 1 when one is unhealthy, does not answer, or none
     * runs.
     */
    private int health() throws IOException, InterruptedException {
        List<Target> targets = targets();
        if (targets.isEmpty()) {
            err.println("sabot: no Sabot container is running on " + home.root() + ": nothing is healthy");
            return 1;
        }
        return askEach(targets, t -> t.uri("/health"), "  ");
    }

    /** Asks each live container in turn; the first that has the job answers. */
    private int call(String action, String job, String dir) throws IOException, InterruptedException {
        String query = "?job=" + URLEncoder.encode(job, StandardCharsets.UTF_8);
        if (dir != null) {
            query += "&dir="
                    + URLEncoder.encode(
                            Path.of(dir).toAbsolutePath().normalize().toString(), StandardCharsets.UTF_8);
        }
        List<Target> targets = targets();
        List<String> asked = new ArrayList<>();
        for (Target t : targets) {
            HttpResponse<String> response = send(
                    t,
                    HttpRequest.newBuilder(t.uri("/" + action + query)).POST(HttpRequest.BodyPublishers.noBody()),
                    Duration.ofMinutes(16));
            if (response == null) {
                continue;
            }
            if (response.statusCode() == 404) {
                asked.add(t.toString());
                continue;
            }
            (response.statusCode() == 200 ? out : err).print(response.body());
            return response.statusCode() == 200 ? 0 : 1;
        }
        err.println("sabot: no job '" + job + "' "
                + (targets.isEmpty() ? "(no Sabot container is running on " + home.root() + ")" : "in " + asked)
                + "; 'bin/sabot jobs' lists them");
        return 1;
    }

    private HttpResponse<String> send(Target t, HttpRequest.Builder request, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return http.send(
                    request.header("Authorization", "Bearer " + t.token())
                            .timeout(timeout)
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            err.println("sabot: container " + t + " does not answer on its control channel");
            return null;
        }
    }

    /** The live containers of this home, oldest first; run files of ended processes are removed. */
    List<Target> targets() throws IOException {
        Path dir = home.data().resolve("run");
        List<Target> targets = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return targets;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                Target t;
                try {
                    t = parse(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException e) {
                    err.println("sabot: ignoring unreadable " + file + ": " + e.getMessage());
                    continue;
                }
                if (ProcessHandle.of(t.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    targets.add(t);
                } else {
                    Files.deleteIfExists(file); // its process is gone (killed): the file is stale
                }
            }
        }
        targets.sort(Comparator.comparingLong(Target::pid));
        return targets;
    }

    static Target parse(String json) {
        long pid = -1;
        int port = -1;
        String path = null;
        String token = null;
        String kind = "container";
        Matcher m = NUMBER.matcher(json);
        while (m.find()) {
            if (m.group(1).equals("pid")) {
                pid = Long.parseLong(m.group(2));
            } else {
                port = Integer.parseInt(m.group(2));
            }
        }
        m = STRING.matcher(json);
        while (m.find()) {
            switch (m.group(1)) {
                case "path" -> path = m.group(2);
                case "token" -> token = m.group(2);
                default -> kind = m.group(2);
            }
        }
        if (pid < 0 || port < 0 || path == null || token == null) {
            throw new IllegalArgumentException("it lacks pid, port, path or token");
        }
        return new Target(pid, port, path, token, kind);
    }

    /**
     * Deletes a savepoint here, without a container: only a directory whose {@code _metadata.json} marks it as a
     * savepoint (the same check as the engine's {@code Checkpoints.disposeSavepoint}).
     */
    private int dispose(Path dir) throws IOException {
        Path metadata = dir.resolve("_metadata.json");
        if (!Files.isDirectory(dir)) {
            err.println("sabot: '" + dir + "' is not a directory: nothing to dispose");
            return 1;
        }
        if (!Files.isRegularFile(metadata)) {
            err.println("sabot: '" + dir + "' is not a savepoint: it has no _metadata.json (refusing to delete it)");
            return 1;
        }
        String json = Files.readString(metadata, StandardCharsets.UTF_8);
        if (!json.matches("(?s).*\"formatVersion\"\\s*:.*") || !json.matches("(?s).*\"savepoint\"\\s*:\\s*true.*")) {
            err.println("sabot: '" + dir + "' is not a savepoint (a checkpoint, or not a Sabot snapshot): refusing to"
                    + " delete it; checkpoints are removed by their job's retention");
            return 1;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        out.println("Disposed of savepoint " + dir.toAbsolutePath().normalize() + ".");
        return 0;
    }
}
