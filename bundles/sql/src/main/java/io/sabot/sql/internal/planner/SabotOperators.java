package io.sabot.sql.internal.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/** The functions Sabot's SQL knows: Calcite's standard ones, a few library ones, and Flink's extras. */
final class SabotOperators {

    private SabotOperators() {}

    /** {@code PROCTIME()}: the processing time, {@code TIMESTAMP_LTZ(3) NOT NULL}, a proctime attribute. */
    static final SqlFunction PROCTIME =
            new SqlFunction(
                    "PROCTIME",
                    SqlKind.OTHER_FUNCTION,
                    ReturnTypes.explicit(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3),
                    null,
                    OperandTypes.NILADIC,
                    SqlFunctionCategory.TIMEDATE) {
                @Override
                public boolean isDeterministic() {
                    return false;
                }

                @Override
                public boolean isDynamicFunction() {
                    return true;
                }
            };

    /** {@code SPLIT_INDEX(s, delimiter, index)}: Flink's 0-based split. */
    static final SqlFunction SPLIT_INDEX = new SqlFunction(
            "SPLIT_INDEX",
            SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SabotOperators::nullableString),
            null,
            OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER),
            SqlFunctionCategory.STRING);

    /** {@code REGEXP_EXTRACT(s, regex [, group])}: Flink's, group 1 by default. */
    static final SqlFunction REGEXP_EXTRACT = new SqlFunction(
            "REGEXP_EXTRACT",
            SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SabotOperators::nullableString),
            null,
            OperandTypes.or(
                    OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER),
                    OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.CHARACTER, SqlTypeFamily.INTEGER)),
            SqlFunctionCategory.STRING);

    /** {@code DATE_FORMAT(timestamp, pattern)}: Flink's, SimpleDateFormat patterns. */
    static final SqlFunction DATE_FORMAT = new SqlFunction(
            "DATE_FORMAT",
            SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SabotOperators::nullableString),
            null,
            OperandTypes.or(
                    OperandTypes.family(SqlTypeFamily.TIMESTAMP, SqlTypeFamily.CHARACTER),
                    OperandTypes.family(SqlTypeFamily.DATE, SqlTypeFamily.CHARACTER)),
            SqlFunctionCategory.TIMEDATE);

    /**
     * Marks the end of a legacy group window ({@code TUMBLE_END}, {@code HOP_END}, {@code SESSION_END}): the front
     * end rewrites {@code TUMBLE_END(ts, size)} into {@code $WINDOW_END(TUMBLE_START(ts, size))} before validation
     * and replaces it by the window aggregation's end column right after conversion. Never reaches a plan.
     */
    static final SqlFunction WINDOW_END = marker("$WINDOW_END");

    /** Like {@link #WINDOW_END}, for {@code TUMBLE_ROWTIME}, {@code TUMBLE_PROCTIME} and the HOP/SESSION ones. */
    static final SqlFunction WINDOW_TIME = marker("$WINDOW_TIME");

    private static SqlFunction marker(String name) {
        return new SqlFunction(
                name,
                SqlKind.OTHER_FUNCTION,
                ReturnTypes.ARG0,
                null,
                OperandTypes.DATETIME,
                SqlFunctionCategory.SYSTEM);
    }

    private static org.apache.calcite.rel.type.RelDataType nullableString(RelDataTypeFactory factory) {
        return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE), true);
    }

    /** Calcite's window table functions, replaced by {@link WindowTvf}. */
    private static final Set<SqlOperator> REPLACED =
            Set.of(SqlStdOperatorTable.TUMBLE, SqlStdOperatorTable.HOP, SqlStdOperatorTable.SESSION);

    /** The operator table of a session: built once, immutable, thread-safe. */
    static final SqlOperatorTable TABLE = build();

    private static SqlOperatorTable build() {
        List<SqlOperator> extras =
                new ArrayList<>(List.of(PROCTIME, SPLIT_INDEX, REGEXP_EXTRACT, DATE_FORMAT, WINDOW_END, WINDOW_TIME));
        extras.addAll(WindowTvf.ALL);
        extras.addAll(
                List.of(SqlLibraryOperators.CONCAT_FUNCTION, SqlLibraryOperators.IF, SqlLibraryOperators.TRY_CAST));
        return SqlOperatorTables.chain(new CaseInsensitive(SqlOperatorTables.of(extras)), new Standard());
    }

    /** Calcite's standard operators (looked up case-insensitively by Calcite itself), minus its window TVFs. */
    private static final class Standard implements SqlOperatorTable {
        private final SqlOperatorTable delegate = SqlStdOperatorTable.instance();

        @Override
        public void lookupOperatorOverloads(
                SqlIdentifier opName,
                SqlFunctionCategory category,
                SqlSyntax syntax,
                List<SqlOperator> operatorList,
                SqlNameMatcher nameMatcher) {
            List<SqlOperator> found = new ArrayList<>();
            delegate.lookupOperatorOverloads(opName, category, syntax, found, nameMatcher);
            found.removeIf(REPLACED::contains);
            operatorList.addAll(found);
        }

        @Override
        public List<SqlOperator> getOperatorList() {
            List<SqlOperator> list = new ArrayList<>(delegate.getOperatorList());
            list.removeIf(REPLACED::contains);
            return list;
        }
    }

    /** Function names match regardless of case (Flink's behaviour), while identifiers stay case-sensitive. */
    private record CaseInsensitive(SqlOperatorTable delegate) implements SqlOperatorTable {
        @Override
        public void lookupOperatorOverloads(
                SqlIdentifier opName,
                SqlFunctionCategory category,
                SqlSyntax syntax,
                List<SqlOperator> operatorList,
                SqlNameMatcher nameMatcher) {
            delegate.lookupOperatorOverloads(
                    opName, category, syntax, operatorList, SqlNameMatchers.withCaseSensitive(false));
        }

        @Override
        public List<SqlOperator> getOperatorList() {
            return delegate.getOperatorList();
        }
    }
}
