package io.sabot.errors.deadletter.internal;

import io.sabot.errors.spi.DeadLetterContext;
import io.sabot.errors.spi.DeadLetterSink;
import io.sabot.errors.spi.DeadLetterSinkFactory;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code filesystem}: dead letters as JSON lines in files under a directory ({@code error.dead-letter.path}), one file
 * per target and job run, made durable (fsync) before each checkpoint completes. See {@link DeadLetterJson} for the
 * fields; a filesystem table with {@code 'format'='json'} reads them back for replay.
 */
@Component(property = ErrorHandlers.DEAD_LETTER_PROPERTY + "=" + FileDeadLetterSinkFactory.IDENTIFIER)
public final class FileDeadLetterSinkFactory implements DeadLetterSinkFactory {

    static final String IDENTIFIER = "filesystem";

    static final OptionDescriptor<String> PATH = OptionDescriptor.key("path")
            .stringType()
            .required()
            .description("Directory of the dead-letter files (created if missing); file:// URIs are accepted.");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public String description() {
        return "Writes dead letters as JSON lines into files under a directory.";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(PATH);
    }

    @Override
    public DeadLetterSink createDeadLetterSink(DeadLetterContext context) {
        String text = context.options().get(PATH);
        Path directory = text.startsWith("file:") ? Path.of(java.net.URI.create(text)) : Path.of(text);
        try {
            Files.createDirectories(directory);
            return new FileDeadLetterSink(directory, context.targetName());
        } catch (IOException | RuntimeException e) {
            throw new PluginException(
                    "option 'path': dead-letter directory '" + text + "' cannot be used: " + e.getMessage(), e, false);
        }
    }
}
