package io.sabot.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * The environment template and the secrets directory of a start. An environment is a directory under {@code etc/}
 * ({@code etc/dev}, {@code etc/prod}) chosen with {@code -Dsabot.env} ({@code bin/sabot start --env prod}) or
 * {@code SABOT_ENV}: its {@code .cfg} files replace the {@code etc/*.cfg} files of the same name (the etc/ watcher's
 * filter leaves those out) and its other files are added, through the FileInstall watcher of
 * {@code etc/org.apache.felix.fileinstall-env.cfg} on {@value #ENV_DIR}. Without an environment that watcher looks at
 * an empty directory.
 */
final class Environments {

    static final String ENV = "sabot.env";
    static final String ENV_VARIABLE = "SABOT_ENV";
    static final String ENV_DIR = "sabot.env.dir";
    static final String SECRETS_DIR = "sabot.secrets.dir";
    static final String SECRETS_VARIABLE = "SABOT_SECRETS_DIR";
    /** The interpolation plugin's framework property. */
    static final String PLUGIN_SECRETS_DIR = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";

    static final String FILTER = "felix.fileinstall.filter";
    static final String WATCHER_FILE = "org.apache.felix.fileinstall-env.cfg";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private Environments() {}

    /**
     * Adds the environment's and the secrets directory's framework properties.
     *
     * @param env the process environment ({@code System::getenv})
     * @param warn hears about a secrets directory others can read
     * @throws LaunchException naming the environment and the ones there are when it has no directory
     */
    static void apply(
            SabotHome home,
            Map<String, String> properties,
            Function<String, String> env,
            java.util.function.Consumer<String> warn)
            throws LaunchException {
        String secrets = firstNonBlank(System.getProperty(SECRETS_DIR), env.apply(SECRETS_VARIABLE));
        Path secretsDir = secrets != null
                ? home.root().resolve(secrets).normalize()
                : home.etc().resolve("secrets");
        if (secrets == null && !Files.exists(secretsDir)) {
            createOwnerOnly(secretsDir);
        }
        properties.put(SECRETS_DIR, secretsDir.toString());
        properties.put(PLUGIN_SECRETS_DIR, secretsDir.toString());
        if (Files.isDirectory(secretsDir) && readableByOthers(secretsDir)) {
            warn.accept("the secrets directory " + secretsDir + " can be read by other users (chmod 700 it)");
        }

        String name = firstNonBlank(System.getProperty(ENV), env.apply(ENV_VARIABLE));
        if (name == null) {
            properties.remove(ENV);
            return; // etc/config.properties points the environment watcher at an empty directory
        }
        name = name.strip();
        Path dir = home.etc().resolve(name).normalize();
        if (!NAME.matcher(name).matches() || !dir.getParent().equals(home.etc()) || !Files.isDirectory(dir)) {
            throw new LaunchException(
                    "environment '" + name + "' (" + (System.getProperty(ENV) != null ? "-D" + ENV : ENV_VARIABLE)
                            + "): there is no directory etc/" + name + "; environments here: "
                            + available(home));
        }
        properties.put(ENV, name);
        properties.put(ENV_DIR, dir.toString());
        String base = properties.getOrDefault(FILTER, ".*\\.cfg");
        properties.put(FILTER, filterWithout(base, configFiles(dir)));
    }

    /**
     * Deletes, when Config Admin appears and before FileInstall sees it, the configurations FileInstall made from
     * the files of another environment than this start's ({@code env}, null for none): Config Admin's store keeps
     * them across restarts, and no watcher looks at their directory any more. Config Admin is called reflectively:
     * its API is in a bundle, not on the launcher's class path.
     */
    static void removeOtherEnvironments(
            BundleContext context, SabotHome home, String env, String envDir, PrintStream out) {
        // FileInstall's form, file:/path (java.io.File#toURI), not Path#toUri's file:///path
        String etc = home.etc().toFile().toURI().toString();
        String keep =
                env == null ? null : home.etc().resolve(env).toFile().toURI().toString();
        ServiceListener listener = new ServiceListener() {
            @Override
            public void serviceChanged(ServiceEvent event) {
                if (event.getType() != ServiceEvent.REGISTERED) {
                    return;
                }
                context.removeServiceListener(this);
                ServiceReference<?> reference = event.getServiceReference();
                Object admin = context.getService(reference);
                try {
                    Object[] configurations = (Object[]) admin.getClass()
                            .getMethod("listConfigurations", String.class)
                            .invoke(admin, "(felix.fileinstall.filename=*)");
                    for (Object configuration : configurations == null ? new Object[0] : configurations) {
                        Class<?> type = reference.getBundle().loadClass("org.osgi.service.cm.Configuration");
                        Dictionary<?, ?> properties = (Dictionary<?, ?>)
                                type.getMethod("getProperties").invoke(configuration);
                        String file = String.valueOf(properties.get("felix.fileinstall.filename"));
                        String rest = file.startsWith(etc) ? file.substring(etc.length()) : "";
                        boolean inEnvironment = rest.indexOf('/') > 0 && !rest.startsWith("secrets/");
                        // the environment watcher still on another environment's directory would restore them
                        boolean otherWatcher = rest.equals(WATCHER_FILE)
                                && !String.valueOf(properties.get("felix.fileinstall.dir"))
                                        .equals(envDir);
                        if (otherWatcher || (inEnvironment && (keep == null || !file.startsWith(keep)))) {
                            out.println("sabot: removing "
                                    + type.getMethod("getPid").invoke(configuration) + ", made from " + rest
                                    + " of another environment");
                            type.getMethod("delete").invoke(configuration);
                        }
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    out.println("sabot: could not remove the configurations of other environments: " + e);
                } finally {
                    context.ungetService(reference);
                }
            }
        };
        try {
            context.addServiceListener(listener, "(objectClass=org.osgi.service.cm.ConfigurationAdmin)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code base} leaving out the given file names: the files the environment replaces. */
    static String filterWithout(String base, Set<String> names) {
        if (names.isEmpty()) {
            return base;
        }
        String excluded = names.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        return "(?!(?:" + excluded + ")$)(?:" + base + ")";
    }

    static Set<String> configFiles(Path dir) throws LaunchException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".cfg") || n.endsWith(".config"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new LaunchException("Cannot list the environment " + dir + ": " + e.getMessage());
        }
    }

    /** The directories under etc/ holding .cfg files (secrets aside). */
    static String available(SabotHome home) {
        try (Stream<Path> dirs = Files.list(home.etc())) {
            List<String> names = dirs.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().equals("secrets"))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList();
            return names.isEmpty() ? "none" : String.join(", ", names);
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void createOwnerOnly(Path dir) throws LaunchException {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions apply
        } catch (IOException e) {
            throw new LaunchException("Cannot create the secrets directory " + dir + ": " + e.getMessage());
        }
    }

    private static boolean readableByOthers(Path dir) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            return permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
