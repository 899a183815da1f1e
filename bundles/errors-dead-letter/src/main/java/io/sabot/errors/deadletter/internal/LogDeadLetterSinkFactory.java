package io.sabot.errors.deadletter.internal;

import io.sabot.errors.spi.DeadLetterContext;
import io.sabot.errors.spi.DeadLetterSink;
import io.sabot.errors.spi.DeadLetterSinkFactory;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.plugin.OptionDescriptor;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.slf4j.LoggerFactory;

/**
 * {@code log}: each dead letter as one SLF4J {@code WARN} line ({@link LogDeadLetterSink}), for development and for
 * jobs whose bad records are rare and need only be seen. The log is the only copy: it is not replayable as files or a
 * topic are.
 */
@Component(property = ErrorHandlers.DEAD_LETTER_PROPERTY + "=" + LogDeadLetterSinkFactory.IDENTIFIER)
public final class LogDeadLetterSinkFactory implements DeadLetterSinkFactory {

    static final String IDENTIFIER = "log";

    static final OptionDescriptor<String> LOGGER = OptionDescriptor.key("logger")
            .stringType()
            .defaultValue("io.sabot.dead-letters")
            .check(name -> !name.isBlank(), "a logger name")
            .description("Name of the logger the dead letters are written to, at level WARN.");

    static final OptionDescriptor<Integer> MAX_CHARS = OptionDescriptor.key("max-chars")
            .intType()
            .defaultValue(1000)
            .check(n -> n >= 16, "at least 16")
            .description("Longest text of a dead letter's message and of its record (original bytes or row) in the"
                    + " line; longer ones are cut, saying how long they were.");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Logs each dead letter as one WARN line: where it came from, the error and the record, truncated.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(LOGGER, MAX_CHARS);
    }

    @Override
    public DeadLetterSink createDeadLetterSink(DeadLetterContext context) {
        return new LogDeadLetterSink(
                LoggerFactory.getLogger(context.options().get(LOGGER)),
                context.options().get(MAX_CHARS));
    }
}
