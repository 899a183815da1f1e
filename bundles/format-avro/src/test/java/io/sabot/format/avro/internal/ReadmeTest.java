package io.sabot.format.avro.internal;

import static org.junit.Assert.assertEquals;

import io.sabot.plugin.OptionDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The README's options table is the descriptors' own: key, type, default and description. */
public class ReadmeTest {

    static String row(OptionDescriptor<?> option) {
        String defaultText = option.defaultValueText().isEmpty() ? "" : "`" + option.defaultValueText() + "`";
        return "| `avro." + option.key() + "` | " + option.type().displayName() + " | " + defaultText + " | "
                + option.description().replace("|", "\\|") + " |";
    }

    @Test
    public void theOptionsTableMatchesTheDescriptors() throws Exception {
        List<String> expected = new ArrayList<>();
        AvroOptions.ALL.forEach(option -> expected.add(row(option)));
        List<String> documented = new ArrayList<>();
        boolean inOptions = false;
        for (String line : Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inOptions = line.equals("## Options");
            } else if (inOptions && line.startsWith("| `avro.")) {
                documented.add(line);
            }
        }
        assertEquals(
                "README.md options table; expected:\n" + String.join("\n", expected) + "\n",
                String.join("\n", expected),
                String.join("\n", documented));
    }
}
