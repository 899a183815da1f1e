package io.sabot.sql.internal.planner;

import io.sabot.plan.WindowKind;
import java.util.Collections;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.TableCharacteristic;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Flink's windowing table-valued functions {@code TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])}, {@code HOP(…,
 * slide, size [, offset])}, {@code CUMULATE(…, step, size [, offset])} and {@code SESSION(TABLE t [PARTITION BY k],
 * DESCRIPTOR(ts), gap)}. Unlike Calcite's own, they append {@code window_time} after {@code window_start} and
 * {@code window_end}, as Flink does.
 */
final class WindowTvf extends SqlWindowTableFunction {

    final WindowKind kind;

    private WindowTvf(WindowKind kind, List<String> params, int mandatory) {
        super(kind.name(), new Operands(params, mandatory));
        this.kind = kind;
    }

    static final WindowTvf TUMBLE = new WindowTvf(WindowKind.TUMBLE, List.of("DATA", "TIMECOL", "SIZE", "OFFSET"), 3);
    static final WindowTvf HOP =
            new WindowTvf(WindowKind.HOP, List.of("DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"), 4);
    static final WindowTvf CUMULATE =
            new WindowTvf(WindowKind.CUMULATE, List.of("DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"), 4);
    /** {@code SESSION(TABLE t, DESCRIPTOR(ts), [DESCRIPTOR(keys),] gap)}: Flink's PARTITION BY arrives as keys. */
    static final WindowTvf SESSION = new WindowTvf(WindowKind.SESSION, List.of("DATA", "TIMECOL", "KEY", "GAP"), 3);

    static final List<WindowTvf> ALL = List.of(TUMBLE, HOP, CUMULATE, SESSION);

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
        return WindowTvf::rowType;
    }

    @Override
    public TableCharacteristic tableCharacteristic(int ordinal) {
        if (ordinal != 0) {
            return null;
        }
        // Row semantics for all: SESSION's PARTITION BY is rewritten into a key descriptor before validation
        // (WindowSyntax), because Calcite's set-semantics conversion loses the table argument.
        return TableCharacteristic.builder(TableCharacteristic.Semantics.ROW)
                .passColumnsThrough()
                .build();
    }

    /** The input's columns, then window_start, window_end (TIMESTAMP(3) NOT NULL) and window_time. */
    private static RelDataType rowType(SqlOperatorBinding binding) {
        RelDataType input = binding.getOperandType(0);
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType timeType = timeColumnType(binding);
        RelDataType bound = factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
        RelDataType windowTime = factory.createTypeWithNullability(
                factory.createSqlType(timeType == null ? SqlTypeName.TIMESTAMP : timeType.getSqlTypeName(), 3), false);
        return factory.builder()
                .kind(input.getStructKind())
                .addAll(input.getFieldList())
                .add("window_start", bound)
                .add("window_end", bound)
                .add("window_time", windowTime)
                .build();
    }

    private static RelDataType timeColumnType(SqlOperatorBinding binding) {
        if (!(binding instanceof SqlCallBinding callBinding)) {
            return null;
        }
        RelDataType input = binding.getOperandType(0);
        for (SqlNode operand : callBinding.operands()) {
            if (operand instanceof SqlCall call && call.getKind() == SqlKind.DESCRIPTOR) {
                SqlNode column = call.operand(0);
                if (column instanceof SqlIdentifier id) {
                    RelDataTypeField field = input.getField(id.getSimple(), true, false);
                    return field == null ? null : field.getType();
                }
            }
        }
        return null;
    }

    /** Operand checks: a table, a DESCRIPTOR naming one timestamp column, then intervals. */
    private static final class Operands implements SqlOperandMetadata {
        private final List<String> params;
        private final int mandatory;

        Operands(List<String> params, int mandatory) {
            this.params = List.copyOf(params);
            this.mandatory = mandatory;
        }

        @Override
        public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
            return Collections.nCopies(params.size(), typeFactory.createSqlType(SqlTypeName.ANY));
        }

        @Override
        public List<String> paramNames() {
            return params;
        }

        @Override
        public SqlOperandCountRange getOperandCountRange() {
            return SqlOperandCountRanges.between(mandatory, params.size());
        }

        @Override
        public boolean isOptional(int i) {
            return i >= mandatory;
        }

        @Override
        public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
            SqlValidator validator = binding.getValidator();
            RelDataType input = validator.getValidatedNodeType(binding.operand(0));
            boolean valid = input.getSqlTypeName() == SqlTypeName.ROW
                    && binding.operand(1).getKind() == SqlKind.DESCRIPTOR;
            if (valid && throwOnFailure) {
                checkTimeColumn(binding, input);
            }
            valid = valid && timeColumnType(binding) != null && SqlTypeUtil.isTimestamp(timeColumnType(binding));
            for (int i = 2; valid && i < binding.getOperandCount(); i++) {
                SqlNode operand = binding.operand(i);
                if (i == 2 && operand.getKind() == SqlKind.DESCRIPTOR && binding.getOperandCount() == 4) {
                    for (SqlNode key : ((SqlCall) operand).getOperandList()) {
                        valid &= key instanceof SqlIdentifier id && input.getField(id.getSimple(), true, false) != null;
                    }
                } else {
                    valid = SqlTypeUtil.isInterval(validator.getValidatedNodeType(operand));
                }
            }
            if (!valid && throwOnFailure) {
                throw binding.newValidationSignatureError();
            }
            return valid;
        }

        /** Flink's messages for a DESCRIPTOR naming a missing or non-timestamp column. */
        private void checkTimeColumn(SqlCallBinding binding, RelDataType input) {
            SqlCall descriptor = (SqlCall) binding.operand(1);
            SqlNode column = descriptor.operandCount() == 1 ? descriptor.operand(0) : null;
            if (!(column instanceof SqlIdentifier id) || !id.isSimple()) {
                throw new io.sabot.sql.internal.PlanningException(
                        "DESCRIPTOR of " + binding.getOperator().getName() + " must name exactly one column",
                        descriptor.getParserPosition());
            }
            RelDataTypeField field = input.getField(id.getSimple(), true, false);
            if (field == null) {
                throw new io.sabot.sql.internal.PlanningException(
                        "Column '" + id.getSimple() + "' of DESCRIPTOR(" + id.getSimple() + ") not found; available: "
                                + input.getFieldNames(),
                        id.getParserPosition());
            }
            if (!SqlTypeUtil.isTimestamp(field.getType())) {
                throw new io.sabot.sql.internal.PlanningException(
                        "The window function "
                                + getAllowedSignatures(
                                        binding.getOperator(),
                                        binding.getOperator().getName())
                                + " requires the timecol to be TIMESTAMP or TIMESTAMP_LTZ, but is "
                                + Types.describe(field.getType()) + ".",
                        id.getParserPosition());
            }
        }

        @Override
        public String getAllowedSignatures(SqlOperator op, String opName) {
            StringBuilder out = new StringBuilder(opName).append("(TABLE table_name");
            if (op instanceof WindowTvf tvf && tvf.kind == WindowKind.SESSION) {
                out.append(" [PARTITION BY key]");
            }
            if (op instanceof WindowTvf tvf && tvf.kind == WindowKind.SESSION) {
                return out.append(", DESCRIPTOR(timecol), gap interval)").toString();
            }
            out.append(", DESCRIPTOR(timecol)");
            for (int i = 2; i < params.size(); i++) {
                out.append(i >= mandatory ? ", [" : ", ")
                        .append(params.get(i).toLowerCase(java.util.Locale.ROOT))
                        .append(" interval")
                        .append(i >= mandatory ? "]" : "");
            }
            return out.append(')').toString();
        }
    }
}
