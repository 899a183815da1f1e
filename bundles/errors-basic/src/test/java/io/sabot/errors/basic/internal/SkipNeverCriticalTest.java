package io.sabot.errors.basic.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sabot.errors.spi.ComponentId;
import io.sabot.errors.spi.Decision;
import io.sabot.errors.spi.ErrorHandler;
import io.sabot.errors.spi.ErrorHandlers;
import io.sabot.errors.spi.ErrorType;
import io.sabot.errors.spi.Failure;
import io.sabot.errors.spi.RecordContext;
import io.sabot.errors.spi.Severity;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * A {@code skip} handler configured for a table never skips a CRITICAL failure: the chain's decision is {@code FAIL},
 * naming the handler and the severity, even when the handler's types include the failure's; the same record at its
 * type's default severity is skipped.
 */
public class SkipNeverCriticalTest {

    private static final SkipHandlerFactory FACTORY = new SkipHandlerFactory();

    private static ErrorHandler skip(Map<String, String> options) {
        return TestHandlers.create(FACTORY, options);
    }

    private static Failure badRecord(ErrorType type, Severity severity) {
        return Failure.builder(type)
                .severity(severity)
                .component(new ComponentId("default", "job-1", "source-0", 0, "default.trades", "filesystem"))
                .record(RecordContext.builder()
                        .table("default.trades")
                        .split("trades.json")
                        .position("line 38")
                        .originalBytes(new byte[] {'{'})
                        .build())
                .message("table 'default.trades', split 'trades.json', line 38: truncated JSON object")
                .build();
    }

    @Test
    public void aCriticalFailureIsNeverSkipped() {
        List<ErrorHandler> chain = List.of(skip(Map.of()));
        Decision medium = ErrorHandlers.decide(chain, badRecord(ErrorType.CONNECTOR, null));
        assertEquals(Decision.Kind.SKIP, medium.kind());

        Decision critical = ErrorHandlers.decide(chain, badRecord(ErrorType.CONNECTOR, Severity.CRITICAL));
        assertEquals(Decision.Kind.FAIL, critical.kind());
        assertTrue(critical.reason(), critical.reason().contains("chose SKIP"));
        assertTrue(critical.reason(), critical.reason().contains("severity CRITICAL is never skipped"));
    }

    @Test
    public void skipTypesDoNotOverrideCriticalSeverity() {
        // ORCHESTRATOR is CRITICAL by default: listing it in error.skip.types does not make it skippable
        List<ErrorHandler> chain = List.of(skip(Map.of("types", "CONNECTOR, ORCHESTRATOR")));
        Failure orchestrator = badRecord(ErrorType.ORCHESTRATOR, null);
        assertEquals(Severity.CRITICAL, orchestrator.severity());
        Decision decision = ErrorHandlers.decide(chain, orchestrator);
        assertEquals(Decision.Kind.FAIL, decision.kind());
        assertTrue(decision.reason(), decision.reason().contains("ORCHESTRATOR failure of severity CRITICAL"));
        // a HIGH failure of a listed type is still the handler's to skip
        assertEquals(
                Decision.Kind.SKIP,
                ErrorHandlers.decide(chain, badRecord(ErrorType.CONNECTOR, Severity.HIGH))
                        .kind());
    }
}
