package io.sabot.connector.nexmark.internal;

import static org.junit.Assert.assertEquals;

import io.sabot.plugin.OptionDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

/** The README's options table is the descriptors' own: key, type, default, required and description. */
public class ReadmeTest {

    static String row(OptionDescriptor<?> option) {
        String defaultText = option.isRequired()
                ? "required"
                : option.defaultValueText().isEmpty() ? "" : "`" + option.defaultValueText() + "`";
        return "| `" + option.key() + "` | " + option.type().displayName() + " | " + defaultText + " | "
                + option.description() + " |";
    }

    @Test
    public void theOptionsTableMatchesTheDescriptors() throws Exception {
        List<String> expected = new ArrayList<>();
        NexmarkOptions.ALL.forEach(option -> expected.add(row(option)));
        List<String> documented = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("| `"))
                .filter(line -> line.matches("\\| `[^`]+` \\| (long|int|boolean|string|enum|memory size) \\|.*"))
                .collect(Collectors.toList());
        assertEquals(
                "README.md options table; expected:\n" + String.join("\n", expected) + "\n",
                String.join("\n", expected),
                String.join("\n", documented));
    }
}
