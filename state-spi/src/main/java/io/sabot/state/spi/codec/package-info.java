/**
 * Helpers for state backend implementations: the byte encoding of rows of flat Arrow columns that the {@code rocksdb}
 * and {@code memory} backends use for keys and values ({@link io.sabot.state.spi.codec.RowCodec}). Not part of the
 * snapshot format, which is Arrow files (see {@link io.sabot.state.spi.snapshot}): a backend may encode its rows any
 * way it likes; this package saves each one writing the same codec again.
 *
 * @since 1.0
 */
@Version("1.0.0")
package io.sabot.state.spi.codec;

import org.osgi.annotation.versioning.Version;
