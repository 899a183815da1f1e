package io.sabot.state.spi.replicated;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The service property a {@link ReplicatedStore} registers with, and the naming rule for its maps.
 *
 * <h2>Map names</h2>
 * A map name is 1 to 200 characters from {@code [a-z0-9._-]}, starting with a letter or digit. Maps are namespaced by
 * tenant: the runtime names every map {@code <tenant>.<purpose>.<name>} ({@link #mapName}), e.g. {@code
 * acme.dim.currency_rates} for a dimension table or {@code acme.offsets.orders-per-hour} for a job's source offsets,
 * and never gives one tenant's job a map of another tenant. The store itself does not interpret names.
 */
public final class ReplicatedStores {

    /**
     * Service property naming a {@link ReplicatedStore}'s identifier, e.g. {@code hazelcast}; equal to {@link
     * ReplicatedStore#identifier()}.
     */
    public static final String REPLICATED_STORE_PROPERTY = "sabot.replicated.store";

    /** Purpose segment of dimension-table maps. */
    public static final String PURPOSE_DIMENSION = "dim";

    /** Purpose segment of source-offset maps. */
    public static final String PURPOSE_OFFSETS = "offsets";

    private static final Pattern MAP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,199}");

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private ReplicatedStores() {}

    /**
     * The name of a tenant's map: {@code tenant + "." + purpose + "." + name}.
     *
     * @param tenant the tenant id: lower-case letters, digits, {@code _} and {@code -}, no dot
     * @param purpose what the map is for, e.g. {@link #PURPOSE_DIMENSION}; same characters
     * @param name the map's own name; same characters
     * @throws IllegalArgumentException if a segment is invalid or the result is longer than 200 characters
     */
    public static String mapName(String tenant, String purpose, String name) {
        checkSegment("tenant", tenant);
        checkSegment("purpose", purpose);
        checkSegment("name", name);
        return checkMapName(tenant + "." + purpose + "." + name);
    }

    /**
     * Checks a map name against the rule above.
     *
     * @return the name
     * @throws IllegalArgumentException naming the rule otherwise
     */
    public static String checkMapName(String name) {
        Objects.requireNonNull(name, "name");
        if (!MAP_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid replicated map name '" + name
                    + "': use 1 to 200 characters from [a-z0-9._-], starting with a letter or digit");
        }
        return name;
    }

    private static void checkSegment(String what, String segment) {
        Objects.requireNonNull(segment, what);
        if (!SEGMENT.matcher(segment).matches()) {
            throw new IllegalArgumentException("invalid " + what + " '" + segment
                    + "' in a replicated map name: use [a-z0-9_-], starting with a letter or digit");
        }
    }
}
