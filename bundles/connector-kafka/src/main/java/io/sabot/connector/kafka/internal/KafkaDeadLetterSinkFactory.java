package io.sabot.connector.kafka.internal;

import io.sabot.errors.spi.DeadLetterContext;
import io.sabot.errors.spi.DeadLetterSink;
import io.sabot.errors.spi.DeadLetterSinkFactory;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.plugin.OptionDescriptor;
import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code kafka} dead-letter target ({@code 'error.dead-letter.connector'='kafka'}): each dead letter becomes a record of
 * {@code error.dead-letter.topic} whose key and value are the failed record's original key and bytes, so that it can
 * be replayed into its source topic as it was, and whose headers say what failed, where and why ({@link
 * KafkaDeadLetterSink}).
 */
@Component(property = ErrorHandlers.DEAD_LETTER_PROPERTY + "=" + KafkaDeadLetterSinkFactory.IDENTIFIER)
public final class KafkaDeadLetterSinkFactory implements DeadLetterSinkFactory {

    static final String IDENTIFIER = "kafka";

    static final OptionDescriptor<String> TOPIC = OptionDescriptor.key("topic")
            .stringType()
            .required()
            .description("Required: the topic the dead letters go to.");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Writes dead letters to a Kafka topic: original key and value, the error in headers.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(TOPIC, KafkaOptions.BOOTSTRAP_SERVERS);
    }

    @Override
    public Set<String> passThroughPrefixes() {
        return Set.of(KafkaOptions.PROPERTIES_PREFIX);
    }

    @Override
    public DeadLetterSink createDeadLetterSink(DeadLetterContext context) {
        return new KafkaDeadLetterSink(context.options().get(TOPIC), Clients.common(context.options()));
    }
}
