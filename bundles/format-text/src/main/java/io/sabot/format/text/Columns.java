package io.sabot.format.text;

import io.sabot.plugin.PluginException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The column types this format reads and writes, as small integer kinds so that the hot loops switch on an {@code
 * int} instead of calling through an interface per value.
 */
public final class Columns {

    public static final int TINYINT = 0;
    public static final int SMALLINT = 1;
    public static final int INT = 2;
    public static final int BIGINT = 3;
    public static final int FLOAT = 4;
    public static final int DOUBLE = 5;
    public static final int DECIMAL = 6;
    public static final int BOOLEAN = 7;
    public static final int VARCHAR = 8;
    public static final int DATE = 9;
    public static final int TIME = 10;
    public static final int TIMESTAMP = 11;

    /** SQL names of the kinds, for messages. */
    public static final String[] SQL_NAMES = {
        "TINYINT",
        "SMALLINT",
        "INT",
        "BIGINT",
        "FLOAT",
        "DOUBLE",
        "DECIMAL",
        "BOOLEAN",
        "VARCHAR",
        "DATE",
        "TIME",
        "TIMESTAMP(3)"
    };

    /** Smallest and largest values of the integer kinds, indexed by kind. */
    public static final long[] MIN = {Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE};

    public static final long[] MAX = {Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE};

    public static final String SUPPORTED = "TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), BOOLEAN, "
            + "VARCHAR/STRING, DATE, TIME, TIMESTAMP(3)";

    private Columns() {}

    /**
     * The kind of every column of {@code schema}.
     *
     * @throws PluginException naming every column whose type the format cannot handle
     */
    public static int[] kinds(String format, Schema schema) {
        List<Field> fields = schema.getFields();
        int[] kinds = new int[fields.size()];
        List<String> unsupported = new ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            Field field = fields.get(i);
            kinds[i] = kindOf(field.getType());
            if (kinds[i] < 0) {
                unsupported.add("'" + field.getName() + "' (" + field.getType() + ")");
            }
        }
        if (!unsupported.isEmpty()) {
            throw new PluginException(
                    "format '" + format + "' cannot handle column " + String.join(", ", unsupported)
                            + "; supported types: " + SUPPORTED,
                    false);
        }
        return kinds;
    }

    /** The kind of an Arrow type, or -1 when the format does not support it. */
    public static int kindOf(ArrowType type) {
        if (type instanceof ArrowType.Int) {
            ArrowType.Int t = (ArrowType.Int) type;
            if (!t.getIsSigned()) {
                return -1;
            }
            switch (t.getBitWidth()) {
                case 8:
                    return TINYINT;
                case 16:
                    return SMALLINT;
                case 32:
                    return INT;
                case 64:
                    return BIGINT;
                default:
                    return -1;
            }
        }
        if (type instanceof ArrowType.FloatingPoint) {
            FloatingPointPrecision p = ((ArrowType.FloatingPoint) type).getPrecision();
            return p == FloatingPointPrecision.SINGLE ? FLOAT : p == FloatingPointPrecision.DOUBLE ? DOUBLE : -1;
        }
        if (type instanceof ArrowType.Decimal) {
            ArrowType.Decimal t = (ArrowType.Decimal) type;
            return t.getBitWidth() == 128 && t.getScale() >= 0 && t.getScale() <= t.getPrecision() ? DECIMAL : -1;
        }
        if (type instanceof ArrowType.Bool) {
            return BOOLEAN;
        }
        if (type instanceof ArrowType.Utf8) {
            return VARCHAR;
        }
        if (type instanceof ArrowType.Date) {
            return ((ArrowType.Date) type).getUnit() == DateUnit.DAY ? DATE : -1;
        }
        if (type instanceof ArrowType.Time) {
            ArrowType.Time t = (ArrowType.Time) type;
            return t.getUnit() == TimeUnit.MILLISECOND && t.getBitWidth() == 32 ? TIME : -1;
        }
        if (type instanceof ArrowType.Timestamp) {
            ArrowType.Timestamp t = (ArrowType.Timestamp) type;
            return t.getUnit() == TimeUnit.MILLISECOND && t.getTimezone() == null ? TIMESTAMP : -1;
        }
        return -1;
    }
}
