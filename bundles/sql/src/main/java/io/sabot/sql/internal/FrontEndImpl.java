package io.sabot.sql.internal;

import io.sabot.sql.SessionConfig;
import io.sabot.sql.SqlFrontEnd;
import io.sabot.sql.SqlSession;

/** The front end: stateless, hands out independent sessions. */
public final class FrontEndImpl implements SqlFrontEnd {

    @Override
    public SqlSession newSession(SessionConfig config) {
        return new SessionImpl(config);
    }
}
