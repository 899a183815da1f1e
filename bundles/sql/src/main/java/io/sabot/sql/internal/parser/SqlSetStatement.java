package io.sabot.sql.internal.parser;

import java.util.List;
import org.apache.calcite.sql.SqlAlter;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code SET}, {@code SET 'key' = 'value'}, {@code RESET} or {@code RESET 'key'}. */
public final class SqlSetStatement extends SqlAlter {

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("SET", SqlKind.SET_OPTION);

    private final boolean reset;
    private final String key;
    private final String value;

    public SqlSetStatement(SqlParserPos pos, String scope, boolean reset, String key, String value) {
        super(pos, scope);
        this.reset = reset;
        this.key = key;
        this.value = value;
    }

    public boolean isReset() {
        return reset;
    }

    /** The key, or null for {@code SET} (list) and {@code RESET} (all). */
    public String key() {
        return key;
    }

    /** The value of {@code SET 'key' = 'value'}, else null. */
    public String value() {
        return value;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    protected void unparseAlterOperation(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(reset ? "RESET" : "SET");
        if (key != null) {
            writer.literal("'" + key.replace("'", "''") + "'");
        }
        if (value != null) {
            writer.keyword("=");
            writer.literal("'" + value.replace("'", "''") + "'");
        }
    }
}
