package io.sabot.connector.print.internal;

import io.sabot.plugin.OptionDescriptor;
import java.util.List;

/** The options of the {@code print} connector: Flink's keys and defaults. */
public final class PrintOptions {

    public static final OptionDescriptor<String> PRINT_IDENTIFIER = OptionDescriptor.key("print-identifier")
            .stringType()
            .description("Message that identifies the print sink and is prefixed to every row written, as "
                    + "'identifier> ' (one subtask) or 'identifier:subtask> ' (several).");

    public static final OptionDescriptor<Boolean> STANDARD_ERROR = OptionDescriptor.key("standard-error")
            .booleanType()
            .defaultValue(false)
            .description("Print to standard error instead of standard output.");

    /** Every option, in the order of the documentation table. */
    public static final List<OptionDescriptor<?>> ALL = List.of(PRINT_IDENTIFIER, STANDARD_ERROR);

    private PrintOptions() {}
}
