package io.sabot.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import org.apache.felix.framework.util.Util;

/**
 * Entry point of {@code bin/sabot}: prepares a Sabot home and runs Apache Felix in it.
 *
 * <pre>
 * java -Dsabot.home=DIR -jar bin/sabot-launcher.jar [run|console|credentials|password [--generate]|help]
 * </pre>
 *
 * Configuration loading, variable substitution and the auto-deploy of {@code bundle/} are
 * {@code org.apache.felix.main}'s ({@link org.apache.felix.main.Main#loadConfigProperties()},
 * {@link org.apache.felix.main.AutoProcessor}); this class adds the Sabot defaults, the web console credentials and
 * the service-friendly lifecycle of {@link Container}.
 */
public final class Main {

    static final String HTTP_PORT_PROPERTY = "sabot.http.port";
    static final String DEFAULT_HTTP_PORT = "8080";
    static final String GOSH_ARGS = "gosh.args";
    static final String NON_INTERACTIVE = "--nointeractive";

    private Main() {}

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (LaunchException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("sabot: " + e.getMessage());
            code = 2;
        } catch (IOException e) {
            System.err.println("sabot: " + e);
            code = 2;
        }
        System.exit(code);
    }

    static int run(String[] args, PrintStream out) throws LaunchException, IOException {
        String command = args.length == 0 ? "run" : args[0];
        SabotHome home = SabotHome.resolve();
        switch (command) {
            case "run":
            case "console":
                return launch(home, command.equals("console"), out);
            case "sql":
                return SqlCommand.run(home, Arrays.copyOfRange(args, 1, args.length), out);
            case "savepoint":
                if (Arrays.stream(args).anyMatch(a -> a.equals("--server") || a.startsWith("--server="))) {
                    return ApiCommand.run(
                            command, Arrays.asList(args).subList(1, args.length), out, System.err, System::getenv);
                }
                return ControlCommand.run(home, command, Arrays.asList(args).subList(1, args.length), out);
            case "jobs":
            case "health":
            case "stop":
                return ControlCommand.run(home, command, Arrays.asList(args).subList(1, args.length), out);
            case "submit":
            case "list":
            case "status":
            case "cancel":
            case "plugins":
                return ApiCommand.run(
                        command, Arrays.asList(args).subList(1, args.length), out, System.err, System::getenv);
            case "token":
                return TokenCommand.run(home, Arrays.asList(args).subList(1, args.length), out, System.err);
            case "user":
                return UserCommand.run(home, Arrays.asList(args).subList(1, args.length), out, System.err);
            case "credentials":
                ensureCredentials(home, out, true);
                return 0;
            case "password":
                return password(home, Arrays.asList(args).contains("--generate"), out);
            case "help":
            case "--help":
            case "-h":
                usage(out);
                return 0;
            default:
                usage(System.err);
                return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -Dsabot.home=DIR -jar bin/sabot-launcher.jar COMMAND");
        out.println("  run                    run the container in the foreground, without a shell (default)");
        out.println("  console                run the container in the foreground with the interactive Gogo shell");
        out.println("  sql -f FILE [options]  run a SQL script in a container of its own ('sql --help' for options)");
        out.println("  jobs                   list the jobs of the containers running on this home");
        out.println("  health                 run the containers' health checks; exit 1 when one is unhealthy");
        out.println("  savepoint JOB [DIR]    take a savepoint of a running job (default: state.savepoints.dir)");
        out.println("  savepoint --dispose DIR  delete a savepoint (refuses anything else)");
        out.println("  stop JOB [--savepoint DIR]  stop a job with a savepoint");
        out.println("  submit -f FILE [--name N] [-s KEY=VALUE]  submit a SQL script to a server (HTTP API)");
        out.println("  list | status JOB | cancel JOB | plugins [KIND]  jobs and plug-ins of a server (HTTP API)");
        out.println("  savepoint JOB [DIR] --server URL [--stop]  a savepoint through the HTTP API");
        out.println("    (API commands: --server URL, --user NAME with SABOT_PASSWORD, or --token / SABOT_TOKEN)");
        out.println("  token NAME [--delete]  create (print once) or delete a bearer token of the HTTP API");
        out.println("  user NAME --tenant ID [--role R] [--delete]  create (password printed once) or delete a user of"
                + " the console and the API");
        out.println("  credentials            create the web console credentials if there are none");
        out.println("  password [--generate]  set the web console password (read from the terminal or stdin)");
    }

    private static int launch(SabotHome home, boolean interactive, PrintStream out)
            throws LaunchException, IOException {
        WebConsoleCredentials.Credentials credentials = ensureCredentials(home, out, interactive);
        Map<String, String> properties = frameworkProperties(home, interactive, credentials);
        return new Container(home, properties, out).run();
    }

    /**
     * The framework properties: {@code etc/config.properties} (with {@code ${...}} substituted by felix.main),
     * overridden by {@code -Dfelix.*} and {@code -Dorg.osgi.framework.*} system properties, plus the Sabot defaults
     * and the web console credentials.
     */
    static Map<String, String> frameworkProperties(
            SabotHome home, boolean interactive, WebConsoleCredentials.Credentials credentials) throws LaunchException {
        System.setProperty(SabotHome.HOME_PROPERTY, home.root().toString());
        String port = System.getProperty(HTTP_PORT_PROPERTY, DEFAULT_HTTP_PORT).trim();
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new LaunchException("-D" + HTTP_PORT_PROPERTY + "=" + port + " is not a TCP port (1-65535)");
        }
        System.setProperty(HTTP_PORT_PROPERTY, port);

        Path config = home.configProperties();
        if (!Files.isRegularFile(config)) {
            throw new LaunchException("Missing framework configuration " + config);
        }
        if (System.getProperty(org.apache.felix.main.Main.CONFIG_PROPERTIES_PROP) == null) {
            System.setProperty(
                    org.apache.felix.main.Main.CONFIG_PROPERTIES_PROP,
                    config.toUri().toString());
        }
        if (System.getProperty(org.apache.felix.main.Main.SYSTEM_PROPERTIES_PROP) != null) {
            org.apache.felix.main.Main.loadSystemProperties(); // an explicit file: felix.main's rules (it overrides)
        } else {
            loadSystemPropertyDefaults(home.systemProperties());
        }
        Map<String, String> properties = org.apache.felix.main.Main.loadConfigProperties();
        if (properties == null) {
            throw new LaunchException("Cannot read the framework configuration "
                    + System.getProperty(org.apache.felix.main.Main.CONFIG_PROPERTIES_PROP));
        }
        org.apache.felix.main.Main.copySystemProperties(properties);
        properties.put(SabotHome.HOME_PROPERTY, home.root().toString());
        properties.put(HTTP_PORT_PROPERTY, port);

        String goshArgs = System.getProperty(GOSH_ARGS);
        if (goshArgs != null) {
            properties.put(GOSH_ARGS, goshArgs);
        } else if (interactive) {
            properties.computeIfPresent(
                    GOSH_ARGS, (k, v) -> v.replace(NON_INTERACTIVE, "").trim());
        } else {
            // without it a closed stdin makes the Gogo shell stop the framework
            properties.put(GOSH_ARGS, NON_INTERACTIVE);
        }

        properties.put(WebConsoleCredentials.USERNAME_PROPERTY, credentials.username());
        properties.put(WebConsoleCredentials.PASSWORD_PROPERTY, credentials.passwordHash());
        Environments.apply(home, properties, System::getenv, w -> System.err.println("sabot: warning: " + w));
        return properties;
    }

    /**
     * Sets the system properties of {@code etc/system.properties} that the command line did not set: unlike
     * felix.main's loader, a {@code -D} option wins over the file.
     */
    static void loadSystemPropertyDefaults(Path file) throws LaunchException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties defaults = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            defaults.load(reader);
        } catch (IOException e) {
            throw new LaunchException("Cannot read " + file + ": " + e.getMessage());
        }
        for (String name : defaults.stringPropertyNames()) {
            if (System.getProperty(name) == null) {
                System.setProperty(name, Util.substVars(defaults.getProperty(name), name, null, null));
            }
        }
    }

    /**
     * Makes sure there are web console credentials. A new password is printed only where an operator reads it:
     * by {@code bin/sabot start} (which calls this before sending the container's output to the log) or on a
     * terminal; a service manager's journal gets the file name only.
     */
    static WebConsoleCredentials.Credentials ensureCredentials(SabotHome home, PrintStream out, boolean printSecret)
            throws IOException {
        WebConsoleCredentials store = new WebConsoleCredentials(home.etc());
        WebConsoleCredentials.Credentials credentials = store.ensure();
        credentials.generatedPassword().ifPresent(password -> {
            Path relative = home.root().relativize(store.initialPasswordFile());
            Path hashFile = home.root().relativize(store.credentialsFile());
            if (printSecret || System.console() != null) {
                out.println("Sabot web console: user " + credentials.username() + ", password " + password
                        + ", also in " + relative + " (readable only by you);");
                out.println("  change it with 'bin/sabot password' (stored as a hash in " + hashFile + ").");
            } else {
                out.println("Sabot web console: generated a password for user " + credentials.username() + "; it is in "
                        + relative + " (readable only by its owner).");
            }
        });
        return credentials;
    }

    private static int password(SabotHome home, boolean generate, PrintStream out) throws IOException {
        WebConsoleCredentials store = new WebConsoleCredentials(home.etc());
        if (generate) {
            String password = store.regenerate();
            out.println("Sabot web console: new password for user "
                    + WebConsoleCredentials.DEFAULT_USERNAME + ": " + password + ", also in "
                    + home.root().relativize(store.initialPasswordFile()) + " (readable only by you).");
        } else {
            String password = readNewPassword();
            store.setPassword(password);
            out.println("Sabot web console: password changed (hash in "
                    + home.root().relativize(store.credentialsFile()) + ").");
        }
        if (Files.exists(home.readyFile())) {
            out.println("Restart Sabot to apply it: bin/sabot stop && bin/sabot start");
        }
        return 0;
    }

    private static String readNewPassword() throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword(
                    "New web console password (%d characters or more): ", WebConsoleCredentials.MIN_LENGTH);
            char[] second = console.readPassword("Repeat it: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("The passwords differ; nothing changed");
            }
            return new String(first);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            throw new IllegalArgumentException("No password on standard input; nothing changed");
        }
        return line;
    }
}
