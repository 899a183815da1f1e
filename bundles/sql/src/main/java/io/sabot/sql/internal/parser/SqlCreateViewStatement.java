package io.sabot.sql.internal.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] [COMMENT '…'] AS query}. */
public final class SqlCreateViewStatement extends SqlCreate {

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE VIEW", SqlKind.CREATE_VIEW);

    private final boolean temporary;
    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final SqlNode comment;
    private final SqlParserPos asPos;
    private final SqlNode query;

    public SqlCreateViewStatement(
            SqlParserPos pos,
            boolean replace,
            boolean temporary,
            boolean ifNotExists,
            SqlIdentifier name,
            SqlNodeList columns,
            SqlNode comment,
            SqlParserPos asPos,
            SqlNode query) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.temporary = temporary;
        this.name = name;
        this.columns = columns;
        this.comment = comment;
        this.asPos = asPos;
        this.query = query;
    }

    public boolean isTemporary() {
        return temporary;
    }

    public SqlIdentifier name() {
        return name;
    }

    /** The declared column names, empty if none. */
    public List<SqlIdentifier> columns() {
        List<SqlIdentifier> names = new ArrayList<>();
        if (columns != null) {
            columns.forEach(n -> names.add((SqlIdentifier) n));
        }
        return names;
    }

    public SqlNode comment() {
        return comment;
    }

    /** The position of the {@code AS} keyword: the view's query text starts after it. */
    public SqlParserPos asPos() {
        return asPos;
    }

    public SqlNode query() {
        return query;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE VIEW");
        name.unparse(writer, leftPrec, rightPrec);
        writer.keyword("AS");
        query.unparse(writer, 0, 0);
    }
}
