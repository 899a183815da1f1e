package io.sabot.connector.print.internal;

import io.sabot.connector.spi.sink.ChangelogMode;
import io.sabot.connector.spi.sink.Sink;
import io.sabot.connector.spi.sink.SinkWriter;
import io.sabot.connector.spi.sink.SinkWriterContext;
import java.io.PrintStream;

/** One {@code INSERT INTO} a print table: the identifier and the target stream. Takes every kind of change. */
final class PrintSink implements Sink<Void> {

    private final String identifier;
    private final boolean standardError;
    /** The stream to write to instead of standard output or error; tests only. */
    private final PrintStream stream;

    PrintSink(String identifier, boolean standardError) {
        this(identifier, standardError, null);
    }

    /** For tests: writes to {@code stream} instead of {@code System.out} or {@code System.err}. */
    PrintSink(String identifier, boolean standardError, PrintStream stream) {
        this.identifier = identifier == null ? "" : identifier;
        this.standardError = standardError;
        this.stream = stream;
    }

    @Override
    public ChangelogMode changelogMode() {
        return ChangelogMode.ALL;
    }

    @Override
    public SinkWriter<Void> createWriter(SinkWriterContext context) {
        // read System.out/err now, not at class load: whoever replaced them (a console, a test) wants the rows
        PrintStream target = stream != null ? stream : standardError ? System.err : System.out;
        return new PrintSinkWriter(
                target,
                prefix(identifier, context.subtaskIndex(), context.table().parallelism()));
    }

    /**
     * Flink's prefix: {@code identifier:subtask> } with several subtasks (counted from 1), {@code identifier> } with
     * one, {@code subtask> } without identifier but several subtasks, nothing otherwise.
     */
    static String prefix(String identifier, int subtaskIndex, int parallelism) {
        String prefix = identifier;
        if (parallelism > 1) {
            prefix += (prefix.isEmpty() ? "" : ":") + (subtaskIndex + 1);
        }
        return prefix.isEmpty() ? "" : prefix + "> ";
    }
}
