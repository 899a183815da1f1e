package io.sabot.engine;

import io.sabot.connector.spi.sink.ChangelogMode;

/**
 * {@link TestSourceFactory} as an upsert source ({@code test-upserts}): each row's last value is its row kind's code,
 * {@code 0} (INSERT: the key's new row) or {@code 3} (DELETE: a tombstone, non-key columns null).
 */
final class UpsertTestSourceFactory extends TestSourceFactory {

    @Override
    public String identifier() {
        return "test-upserts";
    }

    @Override
    public ChangelogMode scanChangelogMode() {
        return ChangelogMode.UPSERT;
    }
}
