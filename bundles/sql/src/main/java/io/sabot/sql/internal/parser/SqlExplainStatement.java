package io.sabot.sql.internal.parser;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code EXPLAIN [PLAN FOR] statement}, where the statement is a query or an {@code INSERT}. */
public final class SqlExplainStatement extends SabotSqlCall {

    private final SqlNode statement;

    public SqlExplainStatement(SqlParserPos pos, SqlNode statement) {
        super(pos, "EXPLAIN");
        this.statement = statement;
    }

    public SqlNode statement() {
        return statement;
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("EXPLAIN");
        statement.unparse(writer, leftPrec, rightPrec);
    }
}
