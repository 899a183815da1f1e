package io.sabot.runtime.internal.exec;

import io.sabot.runtime.QueryResult;
import io.sabot.runtime.StreamingSqlExecutor;
import io.sabot.runtime.internal.results.CellFormatter;
import io.sabot.runtime.internal.results.ResultFormats;
import io.sabot.runtime.internal.results.ResultRows;
import io.sabot.sql.SqlException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.service.component.annotations.Component;

/**
 * {@code bin/sabot sql}: the launcher parses the command line, starts a container and hands the request to this
 * service as a map of plain JDK values (so no Sabot class crosses the launcher's class loader): {@code script}
 * (String), {@code variables} (Map of String), {@code options} (Map of executor options by seed name), {@code out}
 * (String path or absent), {@code format} ({@code table}, {@code csv}, {@code json}), {@code restore} ({@code latest}
 * or a checkpoint directory, or absent). It returns the exit code: 0, 1
 * when a statement failed (the message names line and column), 2 for a bad request.
 */
@Component(
        service = Function.class,
        property = {"sabot.cli.command=sql", "service.description=Runs SQL scripts for bin/sabot sql"})
public final class SqlCommandLine implements Function<Map<String, Object>, Integer> {

    @Override
    public Integer apply(Map<String, Object> request) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        String script = (String) request.get("script");
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getOrDefault("variables", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> options = (Map<String, Object>) request.getOrDefault("options", Map.of());
        String outFile = (String) request.get("out");
        String format = (String) request.getOrDefault("format", outFile == null ? "table" : "csv");
        if (script == null || !List.of("table", "csv", "json").contains(format)) {
            err.println("sabot sql: a script is required and --format must be table, csv or json");
            return 2;
        }
        String progressMode = (String) request.getOrDefault("progress", "auto");
        if (!List.of("auto", "live", "lines", "off").contains(progressMode)) {
            err.println("sabot sql: --progress must be auto, live, lines or off, not '" + progressMode + "'");
            return 2;
        }
        if (progressMode.equals("auto")) {
            progressMode = System.console() != null ? "live" : "lines";
        }
        String progress = progressMode;
        List<ResultRows> finals = new ArrayList<>();
        try (StreamingSqlExecutor executor =
                StreamingSqlExecutor.builder().options(options).build()) {
            for (String note : executor.options().notYetEffective()) {
                err.println("sabot sql: note: " + note);
            }
            if (executor instanceof SqlExecutor sql) {
                sql.onNotice(notice -> err.println("sabot sql: " + notice));
            }
            String restore = (String) request.get("restore");
            if (restore != null) {
                executor.executeDdl("SET 'execution.savepoint.path' = '" + restore.replace("'", "''") + "'");
            }
            executor.executeScript(script, variables, new StreamingSqlExecutor.ScriptListener() {
                @Override
                public void onMessage(String text) {
                    out.print(text);
                }

                @Override
                public void onQuery(String sql, QueryResult result) throws InterruptedException {
                    ResultRows rows = new ResultRows();
                    boolean print = outFile == null && format.equals("table");
                    // a live line would garble a table printed on the same terminal
                    Progress reporter = progress.equals("off") || (print && progress.equals("live"))
                            ? null
                            : new Progress(result, err, progress.equals("live"));
                    try {
                        for (VectorSchemaRoot batch : result) {
                            rows.add(batch);
                            if (print) {
                                out.print(changes(batch));
                                out.flush();
                            }
                        }
                        // an INSERT's result has no rows: wait for its job rather than cancel it by closing the result
                        result.awaitTermination();
                    } finally {
                        if (reporter != null) {
                            reporter.close();
                        }
                    }
                    if (result.status() == io.sabot.runtime.JobInfo.State.FAILED) {
                        // the rest of the script must not run, and the caller must see a non-zero exit status
                        Throwable cause = result.failure().orElse(null);
                        throw new IllegalStateException(
                                "job " + result.jobId().split(" ")[0] + " failed: " + describe(cause), cause);
                    }
                    if (result.status() == io.sabot.runtime.JobInfo.State.STOPPED) {
                        err.println("sabot sql: job " + result.jobId().split(" ")[0]
                                + " was stopped with a savepoint; restore it with --restore <savepoint directory>");
                    }
                    finals.add(rows);
                    if (print) {
                        out.println("Received " + rows.changes() + " change(s); final result: "
                                + rows.rows().size() + " row(s).");
                    }
                }
            });
        } catch (SqlException e) {
            String message = e.getMessage();
            if (!message.contains("line ")) {
                message += " (line " + e.line() + ", column " + e.column() + ")";
            }
            err.println("sabot sql: " + message);
            return 1;
        } catch (RuntimeException e) {
            err.println("sabot sql: " + e.getMessage());
            return 1;
        }
        if (finals.isEmpty() || (outFile == null && format.equals("table"))) {
            return 0;
        }
        ResultRows last = finals.get(finals.size() - 1);
        try {
            if (outFile == null) {
                Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                write(last, format, writer);
                writer.flush();
            } else {
                try (Writer writer = Files.newBufferedWriter(Path.of(outFile), StandardCharsets.UTF_8)) {
                    write(last, format, writer);
                }
                err.println("sabot sql: " + last.rows().size() + " row(s) written to " + outFile);
            }
        } catch (IOException e) {
            err.println("sabot sql: cannot write " + outFile + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** A failure's message, or for one without message (e.g. a NullPointerException) its class and origin. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "(no cause recorded)";
        }
        if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
            return cause.getMessage();
        }
        StackTraceElement[] trace = cause.getStackTrace();
        return cause.getClass().getName()
                + (trace.length > 0 ? " at " + trace[0] : "")
                + (cause.getCause() != null ? ", caused by " + describe(cause.getCause()) : "");
    }

    private static void write(ResultRows rows, String format, Writer writer) throws IOException {
        if (format.equals("json")) {
            ResultFormats.writeJsonLines(rows.columns(), rows.unquoted(), rows.rows(), writer);
        } else {
            ResultFormats.writeCsv(rows.columns(), rows.rows(), writer);
        }
    }

    /** A batch in the SQL client's tableau style, with the row kind in an {@code op} column. */
    static String changes(VectorSchemaRoot batch) {
        List<FieldVector> vectors = batch.getFieldVectors();
        int width = vectors.size();
        TinyIntVector kinds = null;
        if (width > 0 && vectors.get(width - 1).getName().equals(io.sabot.connector.spi.sink.RowKind.COLUMN_NAME)) {
            kinds = (TinyIntVector) vectors.get(width - 1);
            width--;
        }
        List<String> columns = new ArrayList<>();
        columns.add("op");
        for (int c = 0; c < width; c++) {
            columns.add(vectors.get(c).getName());
        }
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < batch.getRowCount(); r++) {
            List<String> row = new ArrayList<>();
            row.add(
                    kinds == null
                            ? "+I"
                            : io.sabot.connector.spi.sink.RowKind.fromCode(kinds.get(r))
                                    .shortString());
            for (int c = 0; c < width; c++) {
                row.add(CellFormatter.format(vectors.get(c), r));
            }
            rows.add(row);
        }
        String table = ResultFormats.table(columns, rows);
        return table.substring(0, table.lastIndexOf('+') + 2); // without the "rows in set" line
    }
}
