package io.sabot.connector.datagen.internal;

import static org.junit.Assert.assertEquals;

import io.sabot.plugin.OptionDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.Test;

/** The README's options table is the descriptors' own: key, type, default and description. */
public class ReadmeTest {

    static String row(OptionDescriptor<?> option) {
        String defaultText = option.defaultValueText().isEmpty() ? "" : "`" + option.defaultValueText() + "`";
        return "| `" + option.key() + "` | " + option.type().displayName() + " | " + defaultText + " | "
                + option.description() + " |";
    }

    @Test
    public void theOptionsTableMatchesTheDescriptors() throws Exception {
        List<String> expected = new ArrayList<>();
        DatagenOptions.ALL.forEach(option -> expected.add(row(option)));
        List<String> documented = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("| `"))
                .filter(line -> line.contains("` | long |")
                        || line.contains("` | int |")
                        || line.contains("` | double |")
                        || line.contains("` | string |")
                        || line.contains("` | enum |")
                        || line.contains("` | duration |"))
                .collect(Collectors.toList());
        assertEquals(
                "README.md options table; expected:\n" + String.join("\n", expected) + "\n",
                String.join("\n", expected),
                String.join("\n", documented));
    }
}
