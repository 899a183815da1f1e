package io.sabot.runtime;

/**
 * An option of a plug-in, as shown to people: a data transfer object detached from the plug-in's classes.
 *
 * @param key the option key, possibly a template such as {@code fields.#.kind}
 * @param type the type's display name ({@code long}, {@code duration}, {@code enum}, …)
 * @param defaultValue the default in text form, empty if none; masked for secrets
 * @param required whether a user must give it
 * @param secret whether its values are hidden
 * @param description one or two sentences
 * @param allowedValues for enums, the accepted words; empty otherwise
 */
public record OptionInfo(
        String key,
        String type,
        String defaultValue,
        boolean required,
        boolean secret,
        String description,
        java.util.List<String> allowedValues) {

    public OptionInfo {
        allowedValues = java.util.List.copyOf(allowedValues);
    }
}
