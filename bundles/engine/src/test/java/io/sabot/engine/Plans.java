package io.sabot.engine;

import io.sabot.plan.AggregateCall;
import io.sabot.plan.AggregateFunction;
import io.sabot.plan.Call;
import io.sabot.plan.Column;
import io.sabot.plan.DataType;
import io.sabot.plan.Expr;
import io.sabot.plan.InputRef;
import io.sabot.plan.Literal;
import io.sabot.plan.Operator;
import io.sabot.plan.PlanNode;
import io.sabot.plan.RowType;
import io.sabot.plan.TableRef;
import io.sabot.plan.TableScan;
import io.sabot.plan.TimeAttribute;
import io.sabot.plan.TypeKind;
import io.sabot.plan.WatermarkAssigner;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Short hands for building plans by hand in tests. */
final class Plans {

    private Plans() {}

    static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
    static final DataType INT = DataType.of(TypeKind.INTEGER);
    static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
    static final DataType STRING = DataType.of(TypeKind.VARCHAR);
    static final DataType BOOL = DataType.of(TypeKind.BOOLEAN);
    static final DataType DATE = DataType.of(TypeKind.DATE);
    static final DataType TIME = DataType.of(TypeKind.TIME);
    static final DataType TS = DataType.of(TypeKind.TIMESTAMP);
    static final DataType ROWTIME = TS.withTimeAttribute(TimeAttribute.ROWTIME);
    static final DataType MILLIS = DataType.of(TypeKind.INTERVAL_DAY_TIME);
    static final DataType MONTHS = DataType.of(TypeKind.INTERVAL_YEAR_MONTH);
    static final DataType NULL = DataType.of(TypeKind.NULL);

    static DataType decimal(int p, int s) {
        return DataType.decimal(p, s);
    }

    static Column col(String name, DataType type) {
        return new Column(name, type);
    }

    static RowType row(Column... columns) {
        return RowType.of(columns);
    }

    static InputRef ref(int index, DataType type) {
        return new InputRef(index, type);
    }

    static Literal lit(Object value, DataType type) {
        return new Literal(value, type);
    }

    static Literal lit(long value) {
        return new Literal(value, BIGINT);
    }

    static Literal lit(String value) {
        return new Literal(value, STRING);
    }

    static Literal sym(String value) {
        return Literal.symbol(value);
    }

    static Call call(Operator op, DataType type, Expr... operands) {
        return new Call(op, List.of(operands), type);
    }

    /** Epoch milliseconds of {@code yyyy-MM-dd HH:mm:ss[.SSS]} (UTC). */
    static long ts(String text) {
        return LocalDateTime.parse(text.replace(' ', 'T'))
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
    }

    static TableScan scan(String dataset, RowType type, boolean bounded) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("dataset", dataset);
        options.put("bounded", Boolean.toString(bounded));
        return new TableScan(new TableRef("test." + dataset, "test-rows", options, type, List.of()));
    }

    /** {@code WATERMARK FOR $column AS $column - delay}. */
    static WatermarkAssigner watermark(PlanNode input, int column, long delayMillis) {
        DataType type = input.rowType().type(column);
        return new WatermarkAssigner(
                input, column, call(Operator.DATETIME_MINUS, TS, ref(column, type), lit(delayMillis, MILLIS)));
    }

    static AggregateCall agg(AggregateFunction f, int arg, DataType type, String name) {
        return new AggregateCall(f, arg < 0 ? List.of() : List.of(arg), false, -1, type, name);
    }

    static AggregateCall countStar(String name) {
        return new AggregateCall(AggregateFunction.COUNT_STAR, List.of(), false, -1, BIGINT.withNullable(false), name);
    }

    static AggregateCall countDistinct(int arg, String name) {
        return new AggregateCall(AggregateFunction.COUNT, List.of(arg), true, -1, BIGINT.withNullable(false), name);
    }

    /** The plan types of an Arrow schema (the test source reads its table's schema back). */
    static RowType rowTypeOf(Schema schema) {
        List<Column> columns = new ArrayList<>();
        for (Field f : schema.getFields()) {
            columns.add(new Column(f.getName(), typeOf(f.getType())));
        }
        return new RowType(columns);
    }

    private static DataType typeOf(ArrowType t) {
        if (t instanceof ArrowType.Bool) {
            return BOOL;
        }
        if (t instanceof ArrowType.Int i) {
            return DataType.of(
                    switch (i.getBitWidth()) {
                        case 8 -> TypeKind.TINYINT;
                        case 16 -> TypeKind.SMALLINT;
                        case 32 -> TypeKind.INTEGER;
                        default -> TypeKind.BIGINT;
                    });
        }
        if (t instanceof ArrowType.FloatingPoint f) {
            return DataType.of(
                    f.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE
                            ? TypeKind.FLOAT
                            : TypeKind.DOUBLE);
        }
        if (t instanceof ArrowType.Decimal d) {
            return DataType.decimal(d.getPrecision(), d.getScale());
        }
        if (t instanceof ArrowType.Utf8) {
            return STRING;
        }
        if (t instanceof ArrowType.Date) {
            return DATE;
        }
        if (t instanceof ArrowType.Time) {
            return TIME;
        }
        if (t instanceof ArrowType.Timestamp ts) {
            return ts.getTimezone() == null ? TS : DataType.of(TypeKind.TIMESTAMP_LTZ);
        }
        return NULL;
    }
}
