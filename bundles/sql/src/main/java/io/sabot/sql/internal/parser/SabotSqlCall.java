package io.sabot.sql.internal.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Base of the client statements Calcite has no node for (SHOW, DESCRIBE, EXPLAIN): not validated by Calcite. */
abstract class SabotSqlCall extends SqlCall {

    private final SqlOperator operator;

    SabotSqlCall(SqlParserPos pos, String name) {
        super(pos);
        this.operator = new SqlSpecialOperator(name, SqlKind.OTHER);
    }

    @Override
    public SqlOperator getOperator() {
        return operator;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(operator.getName());
    }
}
