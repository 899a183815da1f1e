package io.sabot.sql;

import io.sabot.sql.internal.FrontEndImpl;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates SQL sessions. Thread-safe; sessions are independent of each other (each has its own catalog and settings).
 *
 * <p>Plain Java: {@code SqlFrontEnd.create().newSession(SessionConfig.defaults())}. The first session of a front end
 * takes a moment (Calcite initialises); later ones are cheap.
 */
@ProviderType
public interface SqlFrontEnd {

    /** A new front end. */
    static SqlFrontEnd create() {
        return new FrontEndImpl();
    }

    /**
     * A new session with an empty catalog.
     *
     * @param config the connector validator and initial settings
     */
    SqlSession newSession(SessionConfig config);

    /** A new session with {@link SessionConfig#defaults()}. */
    default SqlSession newSession() {
        return newSession(SessionConfig.defaults());
    }
}
