package io.sabot.engine;

import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlerContext;
import io.sabot.errors.spi.ErrorHandlerFactory;
import io.sabot.plugin.OptionDescriptor;
import java.util.List;

/**
 * Test-only error handlers on the real SPI, deciding as the distribution's do: {@code skip} and {@code dead-letter}
 * set aside failures that carry a record, {@code retry} retries only retriable failures, {@code fail} fails.
 */
final class TestErrorHandlerFactory implements ErrorHandlerFactory {

    private static final OptionDescriptor<String> TARGET =
            OptionDescriptor.key("target").stringType().required();

    private final String identifier;

    TestErrorHandlerFactory(String identifier) {
        this.identifier = identifier;
    }

    /** The four handlers, to register with {@link EngineHarness#with}. */
    static List<TestErrorHandlerFactory> all() {
        return List.of(
                new TestErrorHandlerFactory("skip"),
                new TestErrorHandlerFactory("dead-letter"),
                new TestErrorHandlerFactory("retry"),
                new TestErrorHandlerFactory("fail"));
    }

    @Override
    public String identifier() {
        return identifier;
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return identifier.equals("dead-letter") ? List.of(TARGET) : List.of();
    }

    @Override
    public ErrorHandler createErrorHandler(ErrorHandlerContext context) {
        return switch (identifier) {
            case "skip" -> f -> f.record().isPresent() ? Decision.skip("test skip") : Decision.pass();
            case "dead-letter" -> {
                String target = context.options().get(TARGET);
                yield f -> f.record().isPresent() ? Decision.deadLetter(target, "test dead-letter") : Decision.pass();
            }
            case "retry" -> f -> f.isRetriable() && f.attempt() < 3
                    ? Decision.retry(java.time.Duration.ZERO, "test retry")
                    : Decision.pass();
            default -> f -> Decision.fail("test fail");
        };
    }
}
