package io.sabot.connector.blackhole.internal;

import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.sink.SinkWriterContext;

/** One {@code INSERT INTO} a blackhole table. Takes every kind of change; holds nothing. */
final class BlackholeSink implements Sink<Void> {

    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.ALL;
    }

    @Override
    public BlackholeSinkWriter createWriter(SinkWriterContext context) {
        return new BlackholeSinkWriter();
    }
}
