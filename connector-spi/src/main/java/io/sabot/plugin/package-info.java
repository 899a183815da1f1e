/**
 * What every Sabot plug-in has in common, whatever its kind (connector, format, state backend, error handler,
 * metrics exporter): an identifier, typed option descriptors, central validation of a user's option map, and
 * versioned serialisation of the state a plug-in hands to checkpoints.
 *
 * <h2>Options</h2>
 * A plug-in describes each option it understands with an {@link io.sabot.plugin.OptionDescriptor}: key, type,
 * default, whether it is required, whether it is secret, and a description. The runtime, never the plug-in, checks
 * the user's {@code WITH (…)} map or configuration against those descriptors with
 * {@link io.sabot.plugin.OptionValidation#validate}, which reports <em>every</em> unknown, missing or malformed key
 * at once, names the supported keys and suggests the nearest one for a typo. A plug-in receives only
 * {@link io.sabot.plugin.ValidatedOptions}: typed values that already passed validation.
 *
 * <h2>Secrets</h2>
 * A descriptor marked {@link io.sabot.plugin.OptionDescriptor#secret() secret} is never printed: not in error
 * messages, not in {@link io.sabot.plugin.ValidatedOptions#toString()}, not in plan output or the console.
 */
@Version("1.0.0")
package io.sabot.plugin;

import org.osgi.annotation.versioning.Version;
