package io.sabot.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.felix.main.AutoProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/sabot sql -f job.sql}: runs a SQL script in a container of its own (the home's bundles, a private bundle
 * cache, the web console on a free loopback port with a throwaway password), prints what each statement reports and
 * each query's rows, and exits. The request crosses into the container as a map of JDK values to the service
 * registered with {@code sabot.cli.command=sql}.
 */
@Command(
        name = "sabot sql",
        mixinStandardHelpOptions = true,
        description = "Runs a SQL script (Flink dialect) and prints or writes its results.",
        sortOptions = false)
final class SqlCommand implements Callable<Integer> {

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "the script to run")
    Path file;

    @Option(
            names = {"-e", "--execute"},
            paramLabel = "SQL",
            description = "statements to run instead of a file")
    String inline;

    @Option(
            names = "-D",
            paramLabel = "NAME=VALUE",
            description = "a variable for ${NAME} (or ${NAME:-default}) in the script")
    Map<String, String> variables = new LinkedHashMap<>();

    @Option(
            names = {"-p", "--parallelism"},
            paramLabel = "N",
            description = "subtasks per operator (default 1)")
    Integer parallelism;

    @Option(
            names = "--option",
            paramLabel = "KEY=VALUE",
            description = "an executor option by its seed name, e.g. max_parallelism=16")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "write the final query's rows to FILE")
    Path out;

    @Option(
            names = "--restore",
            paramLabel = "latest|DIR",
            description = "start the script's jobs from their latest checkpoint (a fresh start if there is none yet) or"
                    + " from a checkpoint or savepoint directory; checkpoints are enabled with SET"
                    + " 'execution.checkpointing.interval'")
    String restore;

    @Option(
            names = "--progress",
            paramLabel = "auto|live|lines|off",
            description = "progress of running jobs on standard error (rows in and out, rate, last checkpoint): live"
                    + " rewrites one line every second, lines prints one at each checkpoint and every minute, auto"
                    + " (the default) is live on a terminal and lines otherwise")
    String progress;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "table (print, the default), csv or json (lines); with --out, csv by default")
    String format;

    private final SabotHome home;
    private final PrintStream console;

    SqlCommand(SabotHome home, PrintStream console) {
        this.home = home;
        this.console = console;
    }

    static int run(SabotHome home, String[] args, PrintStream out) {
        return new CommandLine(new SqlCommand(home, out)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if ((file == null) == (inline == null)) {
            System.err.println("sabot sql: give a script with -f FILE or statements with -e SQL (one of the two)");
            return 2;
        }
        String script;
        try {
            script = inline != null ? inline : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("sabot sql: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("script", script);
        request.put("variables", Map.copyOf(variables));
        Map<String, Object> executorOptions = new LinkedHashMap<>(options);
        if (parallelism != null) {
            executorOptions.put("parallelism", parallelism);
        }
        request.put("options", executorOptions);
        if (restore != null) {
            request.put("restore", restore);
        }
        if (out != null) {
            request.put("out", out.toAbsolutePath().toString());
        }
        if (format != null) {
            request.put("format", format);
        }
        if (progress != null) {
            request.put("progress", progress);
        }
        return runInContainer(request);
    }

    private int runInContainer(Map<String, Object> request) throws Exception {
        System.setProperty(Main.HTTP_PORT_PROPERTY, String.valueOf(freePort()));
        // Quiet framework logging on the terminal (before etc/system.properties sets its default): the script's
        // output is what the user reads. -Dorg.ops4j.pax.logging.DefaultServiceLog.level=INFO brings it back.
        if (System.getProperty("org.ops4j.pax.logging.DefaultServiceLog.level") == null) {
            System.setProperty("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
        }
        WebConsoleCredentials.Credentials throwaway = new WebConsoleCredentials.Credentials(
                WebConsoleCredentials.DEFAULT_USERNAME,
                WebConsoleCredentials.hash(Long.toHexString(new SecureRandom().nextLong()), new SecureRandom()),
                java.util.Optional.empty());
        Map<String, String> properties = Main.frameworkProperties(home, false, throwaway);
        ScratchStorage storage = ScratchStorage.create(home.data());
        properties.put("org.osgi.framework.storage", storage.directory().toString());
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        properties.put("sabot.container.kind", "sql"); // how its control channel's run file describes it
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, SqlCommand.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new LaunchException("No OSGi FrameworkFactory on the class path (bin/felix.jar)"));
        Framework framework = factory.newFramework(properties);
        try {
            framework.init();
            AutoProcessor.process(properties, framework.getBundleContext());
            framework.start();
            BundleContext context = framework.getBundleContext();
            ServiceTracker<Object, Object> tracker =
                    new ServiceTracker<>(context, FrameworkUtil.createFilter("(sabot.cli.command=sql)"), null);
            tracker.open(true);
            try {
                Object service = tracker.waitForService(TimeUnit.SECONDS.toMillis(60));
                if (!(service instanceof Function)) {
                    System.err.println("sabot sql: the SQL runtime did not start within 60 s; see bin/sabot status");
                    return 1;
                }
                @SuppressWarnings("unchecked")
                Function<Map<String, Object>, Object> command = (Function<Map<String, Object>, Object>) service;
                Object code = command.apply(request);
                return code instanceof Integer i ? i : 1;
            } finally {
                tracker.close();
            }
        } finally {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
            storage.close();
            console.flush();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
