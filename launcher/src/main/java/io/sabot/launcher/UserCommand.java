package io.sabot.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bin/sabot user NAME --tenant ID [--role tenant|monitor|admin] [--delete]}: creates (or deletes) a user who logs
 * in with HTTP basic to the HTTP API and the web console. The generated password is printed once; only its salted hash
 * is written, to {@code etc/io.sabot.api.user-NAME.cfg} (owner-only), which FileInstall picks up within a second.
 */
final class UserCommand {

    static final String PID = "io.sabot.api.user";

    private UserCommand() {}

    static int run(SabotHome home, List<String> args, PrintStream out, PrintStream err) throws IOException {
        boolean delete = false;
        String role = "tenant";
        String tenant = "";
        List<String> names = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--delete")) {
                delete = true;
            } else if ((a.equals("--tenant") || a.equals("--role")) && i + 1 < args.size()) {
                if (a.equals("--tenant")) {
                    tenant = args.get(++i);
                } else {
                    role = args.get(++i);
                }
            } else {
                names.add(a);
            }
        }
        if (names.size() != 1 || !names.get(0).matches("[A-Za-z0-9_-]{1,64}")) {
            return usage(err, "NAME: letters, digits, '_' and '-'");
        }
        String name = names.get(0);
        Path file = home.etc().resolve(PID + "-" + name + ".cfg");
        if (delete) {
            if (!Files.deleteIfExists(file)) {
                err.println(
                        "sabot: there is no user '" + name + "' (" + home.root().relativize(file) + ")");
                return 1;
            }
            out.println("Deleted user " + name + ": its password is refused from now on.");
            return 0;
        }
        if (!List.of("tenant", "monitor", "admin").contains(role)) {
            return usage(err, "--role must be tenant, monitor or admin, not '" + role + "'");
        }
        if (role.equals("tenant") != !tenant.isEmpty() || !tenant.matches("|[a-z0-9][a-z0-9_-]{0,62}")) {
            return usage(
                    err,
                    role.equals("tenant")
                            ? "a tenant user needs --tenant ID, the id of an io.sabot.tenant configuration"
                            : "--tenant is for role tenant only");
        }
        if (Files.exists(file)) {
            err.println("sabot: a user '" + name + "' exists (" + home.root().relativize(file)
                    + "); delete it first with 'bin/sabot user " + name + " --delete'");
            return 1;
        }
        SecureRandom random = new SecureRandom();
        String password = new WebConsoleCredentials(home.etc(), random).generatePassword();
        Files.createDirectories(home.etc());
        WebConsoleCredentials.writeOwnerOnly(
                file,
                "# Sabot user '" + name + "', created " + Instant.now() + " by 'bin/sabot user'.\n"
                        + "# Only the salted hash of the password is kept; delete this file to remove the user.\n"
                        + "name = " + name + "\n"
                        + "role = " + role + "\n"
                        + (tenant.isEmpty() ? "" : "tenant = " + tenant + "\n")
                        + "password.hash = " + WebConsoleCredentials.hash(password, random) + "\n");
        out.println("User " + name + " (role " + role + (tenant.isEmpty() ? "" : ", tenant " + tenant) + "), password: "
                + password);
        out.println("  It is shown only now; " + home.root().relativize(file) + " keeps its salted hash. Log in to"
                + " the web console or the HTTP API (HTTP basic) with it.");
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("sabot user: " + problem);
        err.println("usage: bin/sabot user NAME --tenant ID [--role tenant|monitor|admin] [--delete]");
        return 2;
    }
}
