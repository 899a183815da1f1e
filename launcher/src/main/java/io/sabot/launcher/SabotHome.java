package io.sabot.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The layout of a Sabot installation, rooted at {@code sabot.home}. */
record SabotHome(Path root) {

    static final String HOME_PROPERTY = "sabot.home";

    /**
     * {@code -Dsabot.home} (set by {@code bin/sabot}); otherwise the parent of the directory holding the launcher
     * jar ({@code bin/..}); otherwise the working directory.
     */
    static SabotHome resolve() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return new SabotHome(Path.of(configured).toAbsolutePath().normalize());
        }
        try {
            Path jar = Path.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isRegularFile(jar)
                    && jar.getParent() != null
                    && jar.getParent().getParent() != null) {
                return new SabotHome(
                        jar.getParent().getParent().toAbsolutePath().normalize());
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // fall through to the working directory
        }
        return new SabotHome(Path.of("").toAbsolutePath());
    }

    Path etc() {
        return root.resolve("etc");
    }

    Path configProperties() {
        return etc().resolve("config.properties");
    }

    Path systemProperties() {
        return etc().resolve("system.properties");
    }

    Path data() {
        return root.resolve("data");
    }

    Path lockFile() {
        return data().resolve("sabot.lock");
    }

    Path pidFile() {
        return data().resolve("sabot.pid");
    }

    /** Written once the framework has started (all start levels reached), removed when it stops. */
    Path readyFile() {
        return data().resolve("sabot.ready");
    }
}
