package io.sabot.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (columns, computed columns, WATERMARK FOR …, PRIMARY KEY …)
 * [COMMENT '…'] WITH ('k' = 'v', …)}. Only parsed here; the catalog validates it.
 */
public final class SqlCreateTableStatement extends SqlCreate {

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

    private final boolean temporary;
    private final SqlIdentifier name;
    private final TableElements elements;
    private final SqlNode comment;
    private final List<TableOptionDef> options;

    public SqlCreateTableStatement(
            SqlParserPos pos,
            boolean replace,
            boolean temporary,
            boolean ifNotExists,
            SqlIdentifier name,
            TableElements elements,
            SqlNode comment,
            List<TableOptionDef> options) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.temporary = temporary;
        this.name = name;
        this.elements = elements;
        this.comment = comment;
        this.options = new ArrayList<>(options);
    }

    public boolean isTemporary() {
        return temporary;
    }

    public SqlIdentifier name() {
        return name;
    }

    public TableElements elements() {
        return elements;
    }

    public SqlNode comment() {
        return comment;
    }

    public List<TableOptionDef> options() {
        return options;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE TABLE");
        name.unparse(writer, leftPrec, rightPrec);
    }
}
