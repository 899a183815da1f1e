package io.sabot.connector.spi.sink;

/** The change a row of a changelog stream describes, as in Flink. */
public enum RowKind {
    INSERT((byte) 0, "+I"),
    UPDATE_BEFORE((byte) 1, "-U"),
    UPDATE_AFTER((byte) 2, "+U"),
    DELETE((byte) 3, "-D");

    /**
     * Name of the {@code TinyIntVector} column, last in a changelog batch, holding {@link #code()} per row; never
     * null.
     */
    public static final String COLUMN_NAME = "$row_kind";

    private static final RowKind[] BY_CODE = values();

    private final byte code;
    private final String shortString;

    RowKind(byte code, String shortString) {
        this.code = code;
        this.shortString = shortString;
    }

    /** The byte stored in the {@link #COLUMN_NAME} column. */
    public byte code() {
        return code;
    }

    /** Flink's short form: {@code +I}, {@code -U}, {@code +U}, {@code -D}. */
    public String shortString() {
        return shortString;
    }

    /**
     * The kind for a stored byte.
     *
     * @throws IllegalArgumentException for a byte that is no kind
     */
    public static RowKind fromCode(byte code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("not a row kind: " + code);
        }
        return BY_CODE[code];
    }
}
