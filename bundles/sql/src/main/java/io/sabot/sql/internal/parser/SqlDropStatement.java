package io.sabot.sql.internal.parser;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP [TEMPORARY] TABLE|VIEW [IF EXISTS] name}. */
public final class SqlDropStatement extends SqlDrop {

    private static final SqlOperator DROP_TABLE = new SqlSpecialOperator("DROP TABLE", SqlKind.DROP_TABLE);
    private static final SqlOperator DROP_VIEW = new SqlSpecialOperator("DROP VIEW", SqlKind.DROP_VIEW);

    private final boolean view;
    private final boolean temporary;
    private final SqlIdentifier name;

    public SqlDropStatement(SqlParserPos pos, boolean view, boolean temporary, boolean ifExists, SqlIdentifier name) {
        super(view ? DROP_VIEW : DROP_TABLE, pos, ifExists);
        this.view = view;
        this.temporary = temporary;
        this.name = name;
    }

    public boolean isView() {
        return view;
    }

    public boolean isTemporary() {
        return temporary;
    }

    public SqlIdentifier name() {
        return name;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP");
        writer.keyword(view ? "VIEW" : "TABLE");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, leftPrec, rightPrec);
    }
}
