package io.sabot.runtime.internal;

import io.sabot.runtime.RuntimeSettings;
import io.sabot.runtime.Secrets;
import io.sabot.runtime.Tenants;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo commands for Config Admin, as Karaf's {@code config:} commands do it for a shell without Karaf: {@code
 * config:list [filter]}, {@code config:show <pid>}, {@code config:set <pid> <key> <value>}, {@code config:unset <pid>
 * <key>}, {@code config:create <factoryPid> <name> [key value]…} and {@code config:delete <pid>}.
 *
 * <p>What is shown is what is stored: a {@code $[secret:…]} reference stays a reference, and the value of a key that
 * looks secret is masked. A new value keeps the type of the value it replaces (a number stays a number). A tenant's
 * configuration is checked before it is written, as the runtime would check it, so a refused change writes nothing; a
 * change of {@code io.sabot.runtime} reports the runtime's verdict.
 */
@Component(
        service = ConfigCommands.class,
        property = {
            "osgi.command.scope=config",
            "osgi.command.function=list",
            "osgi.command.function=show",
            "osgi.command.function=set",
            "osgi.command.function=unset",
            "osgi.command.function=create",
            "osgi.command.function=delete"
        })
public final class ConfigCommands {

    /** How long {@link #set} waits for the runtime's verdict on a changed {@code io.sabot.runtime}. */
    private static final long VERDICT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final ConfigurationAdmin admin;
    private final Tenants tenants;
    private final RuntimeSettings settings;

    @Activate
    public ConfigCommands(
            @Reference ConfigurationAdmin admin, @Reference Tenants tenants, @Reference RuntimeSettings settings) {
        this.admin = admin;
        this.tenants = tenants;
        this.settings = settings;
    }

    /** Every configuration: PID, factory PID, number of properties. */
    public String list() throws IOException, InvalidSyntaxException {
        return list(null);
    }

    /** The configurations matching an LDAP filter ({@code (service.factoryPid=io.sabot.tenant)}) or a PID prefix. */
    public String list(String filterOrPrefix) throws IOException, InvalidSyntaxException {
        boolean filter = filterOrPrefix != null && filterOrPrefix.startsWith("(");
        Configuration[] all = admin.listConfigurations(filter ? filterOrPrefix : null);
        TextTable table = new TextTable("PID", "FACTORY PID", "PROPERTIES");
        List<Configuration> shown = new ArrayList<>();
        for (Configuration c : all == null ? new Configuration[0] : all) {
            if (filter || filterOrPrefix == null || c.getPid().startsWith(filterOrPrefix)) {
                shown.add(c);
            }
        }
        shown.sort((a, b) -> a.getPid().compareTo(b.getPid()));
        for (Configuration c : shown) {
            table.row(
                    c.getPid(),
                    c.getFactoryPid() == null ? "" : c.getFactoryPid(),
                    stored(c).size());
        }
        return shown.isEmpty() ? "No configurations.\n" : table.toString();
    }

    /** One configuration's properties as stored, secret values masked. */
    public String show(String pid) throws IOException {
        Configuration c = existing(pid);
        StringBuilder out = new StringBuilder("PID ").append(c.getPid()).append('\n');
        if (c.getFactoryPid() != null) {
            out.append("factory PID ").append(c.getFactoryPid()).append('\n');
        }
        for (Map.Entry<String, Object> e : stored(c).entrySet()) {
            out.append("  ")
                    .append(e.getKey())
                    .append(" = ")
                    .append(shown(e.getKey(), e.getValue()))
                    .append('\n');
        }
        return out.toString();
    }

    /** Sets one property, creating the (singleton) configuration if need be. */
    public String set(String pid, String key, String value) throws IOException, InterruptedException {
        Configuration c = admin.getConfiguration(pid, "?");
        Map<String, Object> properties = stored(c);
        properties.put(key, typed(value, properties.get(key)));
        return write(c, pid, c.getFactoryPid(), properties);
    }

    /** Removes one property. */
    public String unset(String pid, String key) throws IOException, InterruptedException {
        Configuration c = existing(pid);
        Map<String, Object> properties = stored(c);
        if (properties.remove(key) == null) {
            throw new IllegalArgumentException(pid + " has no property '" + key + "'");
        }
        return write(c, pid, c.getFactoryPid(), properties);
    }

    /**
     * Creates or replaces the factory configuration {@code name} of {@code factoryPid} (PID {@code
     * factoryPid~name}) with the given keys and values.
     */
    public String create(String factoryPid, String name, String... keysAndValues)
            throws IOException, InterruptedException {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "config:create " + factoryPid + " " + name + ": give keys and values in pairs, the last key '"
                            + keysAndValues[keysAndValues.length - 1] + "' has no value");
        }
        Map<String, Object> properties = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        Configuration c = admin.getFactoryConfiguration(factoryPid, name, "?");
        return write(c, c.getPid(), factoryPid, properties);
    }

    /** Deletes a configuration: its component goes (a tenant's jobs end, a declared job stops). */
    public String delete(String pid) throws IOException {
        existing(pid).delete();
        return "Deleted " + pid + ".\n";
    }

    private String write(Configuration c, String pid, String factoryPid, Map<String, Object> properties)
            throws IOException, InterruptedException {
        if (Tenants.PID.equals(factoryPid)) {
            // the runtime would refuse it and keep the old values: refuse it here, before anything is stored
            String refused = tenants.check(properties).orElse(null);
            if (refused != null) {
                throw new IllegalArgumentException(pid + " not changed: " + refused);
            }
        }
        String errorBefore = settings.lastError();
        c.update(new Hashtable<>(properties));
        String out = "Updated " + pid + ".\n";
        if (RuntimeSettings.PID.equals(pid)) {
            String verdict = runtimeVerdict(errorBefore);
            if (!verdict.isEmpty()) {
                out += "Refused by the runtime (the previous values stay in force): " + verdict + "\n";
            }
        }
        return out;
    }

    /** The runtime's new error after an update of its configuration, or "" once it applied the values. */
    private String runtimeVerdict(String errorBefore) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(VERDICT_MILLIS);
        while (System.nanoTime() < deadline) {
            String error = settings.lastError();
            if (!error.isEmpty() && !error.equals(errorBefore)) {
                return error;
            }
            if (error.isEmpty() && !errorBefore.isEmpty()) {
                return ""; // an earlier error was cleared: these values were taken
            }
            Thread.sleep(50); // the runtime takes the update on Config Admin's thread
        }
        return settings.lastError().equals(errorBefore) ? "" : settings.lastError();
    }

    private Configuration existing(String pid) throws IOException {
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + escape(pid) + ")");
            if (found == null || found.length == 0) {
                throw new IllegalArgumentException("no configuration '" + pid + "' (config:list shows them)");
            }
            return found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("'" + pid + "' is not a PID: " + e.getMessage(), e);
        }
    }

    /** The stored properties, without the ones Config Admin keeps itself. */
    private static Map<String, Object> stored(Configuration c) {
        Map<String, Object> out = new TreeMap<>();
        Dictionary<String, Object> properties = c.getProperties();
        if (properties == null) {
            return out;
        }
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            if (!key.equals("service.pid")
                    && !key.equals("service.factoryPid")
                    && !key.equals("service.bundleLocation")) {
                out.put(key, properties.get(key));
            }
        }
        return out;
    }

    private static String shown(String key, Object value) {
        String text = value != null && value.getClass().isArray() ? arrayText(value) : String.valueOf(value);
        boolean reference = text.startsWith("$[") && text.endsWith("]");
        return Secrets.isSecretKey(key, Set.of()) && !reference ? Secrets.MASK : text;
    }

    private static String arrayText(Object array) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < Array.getLength(array); i++) {
            items.add(String.valueOf(Array.get(array, i)));
        }
        return String.join(", ", items);
    }

    /** The new value in the type of the value it replaces (Config Admin keeps types; DS converts strings anyway). */
    static Object typed(String value, Object previous) {
        try {
            if (previous instanceof Integer) {
                return Integer.valueOf(value.trim());
            }
            if (previous instanceof Long) {
                return Long.valueOf(value.trim());
            }
            if (previous instanceof Double) {
                return Double.valueOf(value.trim());
            }
            if (previous instanceof Boolean) {
                String v = value.trim().toLowerCase(java.util.Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw new NumberFormatException("not true or false");
                }
                return Boolean.valueOf(v);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a "
                    + previous.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + " like the value it replaces (" + previous + ")");
        }
        if (previous instanceof String[]) {
            List<String> items = new ArrayList<>();
            Collections.addAll(items, value.split(","));
            items.replaceAll(String::trim);
            return items.toArray(String[]::new);
        }
        return value;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\5c")
                .replace("*", "\\2a")
                .replace("(", "\\28")
                .replace(")", "\\29");
    }
}
