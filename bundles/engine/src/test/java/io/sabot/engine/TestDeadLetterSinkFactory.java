package io.sabot.engine;

import io.sabot.errors.spi.DeadLetterContext;
import io.sabot.errors.spi.DeadLetterRecord;
import io.sabot.errors.spi.DeadLetterSink;
import io.sabot.errors.spi.DeadLetterSinkFactory;
import io.sabot.plugin.OptionDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only dead-letter target on the real SPI ({@code 'error.dead-letter.connector' = 'memory'}): keeps what is
 * written in memory and, apart, what a {@link DeadLetterSink#flush} has made durable, so that a test can tell the two.
 */
final class TestDeadLetterSinkFactory implements DeadLetterSinkFactory {

    private final List<DeadLetterRecord> written = new ArrayList<>();
    private final List<DeadLetterRecord> durable = new ArrayList<>();

    @Override
    public String identifier() {
        return "memory";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of();
    }

    /** The dead letters made durable so far, in order. */
    synchronized List<DeadLetterRecord> durable() {
        return List.copyOf(durable);
    }

    @Override
    public DeadLetterSink createDeadLetterSink(DeadLetterContext context) {
        return new DeadLetterSink() {
            @Override
            public void write(List<DeadLetterRecord> records) {
                synchronized (TestDeadLetterSinkFactory.this) {
                    written.addAll(records);
                }
            }

            @Override
            public void flush() {
                synchronized (TestDeadLetterSinkFactory.this) {
                    durable.clear();
                    durable.addAll(written);
                }
            }

            @Override
            public void close() {}
        };
    }
}
