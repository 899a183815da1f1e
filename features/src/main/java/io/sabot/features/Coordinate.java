package io.sabot.features;

/** A bundle's Maven coordinates, written {@code mvn:groupId/artifactId/version} in feature files. */
public record Coordinate(String groupId, String artifactId, String version) {

    static final String SCHEME = "mvn:";

    public Coordinate {
        for (String part : new String[] {groupId, artifactId, version}) {
            if (part == null || part.isBlank() || part.contains("/") || part.contains("${")) {
                throw new IllegalArgumentException(
                        "Bad coordinate part '" + part + "' in " + groupId + "/" + artifactId + "/" + version);
            }
        }
    }

    /** Parses {@code mvn:groupId/artifactId/version}. */
    public static Coordinate parse(String text) {
        String s = text.trim();
        if (!s.startsWith(SCHEME)) {
            throw new IllegalArgumentException("Expected mvn:groupId/artifactId/version, got '" + text + "'");
        }
        String[] parts = s.substring(SCHEME.length()).split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Expected mvn:groupId/artifactId/version, got '" + text + "'");
        }
        if (parts[2].contains("${")) {
            throw new IllegalArgumentException("Unresolved version property in '" + text
                    + "': define it in the parent pom's <properties> (features are filtered with them)");
        }
        return new Coordinate(parts[0], parts[1], parts[2]);
    }

    /** {@code groupId:artifactId}, what must be unique in a set of features. */
    public String key() {
        return groupId + ":" + artifactId;
    }

    /** The file name used in {@code bundle/}: {@code artifactId-version.jar}. */
    public String fileName() {
        return artifactId + "-" + version + ".jar";
    }

    @Override
    public String toString() {
        return SCHEME + groupId + "/" + artifactId + "/" + version;
    }
}
