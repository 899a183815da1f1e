package io.sabot.connector.spi.source;

import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.ValidatedOptions;

/**
 * The source-side record size limit, one option for every connector that reads records from bytes ({@value #KEY}).
 * A reader that declares it checks each record's size before the format sees it; a record over the limit adds no
 * row and is reported as a decode failure of its own ({@code DecodeErrors#onError}), so the table's error handlers
 * decide: fail naming the record's position, skip it (counted), or dead-letter it with its bytes and coordinates.
 * A reader reports such a record alone in its batch (the records before it are decoded and emitted first), so the
 * rows around it keep their order and positions.
 *
 * @since 1.4
 */
public final class RecordSizeLimit {

    /** The option's key. */
    public static final String KEY = "source.record.max-size";

    /** Unset by default: no limit beyond the connector's own. */
    public static final OptionDescriptor<Long> OPTION = OptionDescriptor.key(KEY)
            .memorySizeType()
            .check(size -> size > 0 && size <= Integer.MAX_VALUE, "positive and at most 2 GiB")
            .description("The largest record the source accepts (e.g. '1 mb'): a line of a file without its "
                    + "terminator, a Kafka record's key and value together. A larger one adds no row and goes to the "
                    + "table's error handlers like a record that does not decode (fail, skip, dead-letter). Unset: no "
                    + "limit.");

    private RecordSizeLimit() {}

    /** The limit {@code options} set, or {@link Integer#MAX_VALUE} for none. */
    public static int of(ValidatedOptions options) {
        Long limit = options.get(OPTION);
        return limit == null ? Integer.MAX_VALUE : (int) (long) limit;
    }

    /** The decode-failure message for a record of {@code bytes} over {@code limit}: what is wrong and the option. */
    public static String message(long bytes, int limit) {
        return "the record has " + bytes + " bytes, more than '" + KEY + "' allows (" + limit + ")";
    }
}
