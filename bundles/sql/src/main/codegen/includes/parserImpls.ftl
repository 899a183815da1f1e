<#--
  Sabot's grammar additions to Calcite's Parser.jj (see config.fmpp). Statements follow Flink SQL:
  CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (columns, computed columns, WATERMARK, PRIMARY KEY) [COMMENT] WITH (...),
  CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] AS query, DROP [TEMPORARY] TABLE|VIEW [IF EXISTS] name,
  SET ['key' = 'value'], RESET ['key'], SHOW TABLES|VIEWS, DESCRIBE|DESC name, EXPLAIN [PLAN FOR] query-or-insert.
-->

boolean IfNotExistsOpt() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** CREATE [TEMPORARY] TABLE ... or CREATE [TEMPORARY] VIEW ..., after CREATE [OR REPLACE]. */
SqlCreate SqlCreateObject(Span s, boolean replace) :
{
    boolean temporary = false;
    final SqlCreate create;
}
{
    [ <TEMPORARY> { temporary = true; } ]
    (
        create = SqlCreateTableRest(s, replace, temporary)
    |
        create = SqlCreateViewRest(s, replace, temporary)
    )
    {
        return create;
    }
}

SqlCreate SqlCreateTableRest(Span s, boolean replace, boolean temporary) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final TableElements elements = new TableElements();
    SqlNode comment = null;
    final List<TableOptionDef> optionList = new ArrayList<TableOptionDef>();
}
{
    <TABLE> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <LPAREN>
    TableElement(elements)
    ( <COMMA> TableElement(elements) )*
    <RPAREN>
    [ <COMMENT> comment = StringLiteral() ]
    [ <WITH> TableOptions(optionList) ]
    {
        return new SqlCreateTableStatement(s.end(this), replace, temporary, ifNotExists, id, elements,
            comment, optionList);
    }
}

void TableElement(TableElements elements) :
{
    SqlIdentifier name = null;
    final SqlIdentifier column;
    final SqlNode expression;
    final SqlNodeList columns;
    boolean enforced = true;
    final Span s;
}
{
    LOOKAHEAD(2)
    <WATERMARK> { s = span(); } <FOR> column = SimpleIdentifier() <AS>
    expression = Expression(ExprContext.ACCEPT_NON_QUERY) {
        elements.addWatermark(s.end(this), column, expression);
    }
|
    (
        <CONSTRAINT> { s = span(); } name = SimpleIdentifier() <PRIMARY>
    |
        <PRIMARY> { s = span(); }
    )
    <KEY> columns = ParenthesizedSimpleIdentifierList()
    [ <NOT> <ENFORCED> { enforced = false; } | <ENFORCED> ]
    {
        elements.addPrimaryKey(s.end(this), name, columns, enforced);
    }
|
    TableColumn(elements)
}

void TableColumn(TableElements elements) :
{
    final SqlIdentifier name;
    SqlDataTypeSpec type = null;
    SqlNode expression = null;
    boolean nullable = true;
    SqlNode comment = null;
    boolean primaryKey = false;
    boolean enforced = true;
    final Span s;
    Span keySpan = null;
    boolean metadata = false;
    SqlNode metadataKey = null;
    boolean virtual = false;
}
{
    name = SimpleIdentifier() { s = span(); }
    (
        <AS> expression = Expression(ExprContext.ACCEPT_NON_QUERY)
    |
        type = DataType()
        [ <NOT> <NULL> { nullable = false; } | <NULL> { nullable = true; } ]
        [
            <METADATA> { metadata = true; }
            [ <FROM> metadataKey = StringLiteral() ]
            [ <VIRTUAL> { virtual = true; } ]
        ]
        [
            <PRIMARY> { keySpan = span(); } <KEY>
            [ <NOT> <ENFORCED> { enforced = false; } | <ENFORCED> ]
            { primaryKey = true; }
        ]
    )
    [ <COMMENT> comment = StringLiteral() ]
    {
        elements.addColumn(new TableColumnDef(s.end(this), name, type, nullable, expression, comment,
            metadata, metadataKey, virtual));
        if (primaryKey) {
            elements.addPrimaryKey(keySpan.end(this), null,
                new SqlNodeList(java.util.Collections.singletonList(name), name.getParserPosition()), enforced);
        }
    }
}

void TableOptions(List<TableOptionDef> optionList) :
{
}
{
    <LPAREN>
    [
        TableOption(optionList)
        ( <COMMA> TableOption(optionList) )*
    ]
    <RPAREN>
}

void TableOption(List<TableOptionDef> optionList) :
{
    final String key;
    final String value;
    final SqlParserPos pos;
}
{
    key = SimpleStringLiteral() { pos = getPos(); } <EQ> value = SimpleStringLiteral() {
        optionList.add(new TableOptionDef(pos, key, value));
    }
}

SqlCreate SqlCreateViewRest(Span s, boolean replace, boolean temporary) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    SqlNodeList columns = null;
    SqlNode comment = null;
    final SqlNode query;
    final SqlParserPos asPos;
}
{
    <VIEW> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    [ columns = ParenthesizedSimpleIdentifierList() ]
    [ <COMMENT> comment = StringLiteral() ]
    <AS> { asPos = getPos(); }
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateViewStatement(s.end(this), replace, temporary, ifNotExists, id, columns, comment,
            asPos, query);
    }
}

/** DROP [TEMPORARY] TABLE|VIEW [IF EXISTS] name, after DROP. */
SqlDrop SqlDropObject(Span s, boolean replace) :
{
    boolean temporary = false;
    final boolean view;
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    [ <TEMPORARY> { temporary = true; } ]
    ( <TABLE> { view = false; } | <VIEW> { view = true; } )
    ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return new SqlDropStatement(s.end(this), view, temporary, ifExists, id);
    }
}

/** SET, SET 'key' = 'value', RESET, RESET 'key' (also the SET part of ALTER SYSTEM|SESSION SET). */
SqlAlter SqlSetOrReset(Span s, String scope) :
{
    String key = null;
    String value = null;
}
{
    (
        <SET> { s.add(this); }
        [
            key = OptionKey() <EQ> value = OptionValue()
        ]
        {
            return new SqlSetStatement(s.end(this), scope, false, key, value);
        }
    |
        <RESET> { s.add(this); }
        [
            key = OptionKey()
        ]
        {
            return new SqlSetStatement(s.end(this), scope, true, key, null);
        }
    )
}

String OptionKey() :
{
    final String key;
    final SqlIdentifier id;
}
{
    key = SimpleStringLiteral() { return key; }
|
    id = CompoundIdentifier() { return id.toString(); }
}

String OptionValue() :
{
    final String value;
    final SqlLiteral number;
    final SqlIdentifier id;
}
{
    value = SimpleStringLiteral() { return value; }
|
    number = NumericLiteral() { return number.toValue(); }
|
    <TRUE> { return "true"; }
|
    <FALSE> { return "false"; }
|
    id = CompoundIdentifier() { return id.toString(); }
}

/** SHOW TABLES, SHOW VIEWS. */
SqlNode SqlShowStatement() :
{
    final Span s;
}
{
    <SHOW> { s = span(); }
    (
        <TABLES> { return new SqlShowStatement(s.end(this), SqlShowStatement.Kind.TABLES); }
    |
        <VIEWS> { return new SqlShowStatement(s.end(this), SqlShowStatement.Kind.VIEWS); }
    )
}

/** DESCRIBE name, DESC name (also DESCRIBE TABLE name). */
SqlNode SqlDescribeStatement() :
{
    final Span s;
    final SqlIdentifier id;
}
{
    ( <DESCRIBE> | <DESC> ) { s = span(); }
    [ LOOKAHEAD(2) <TABLE> ]
    id = CompoundIdentifier()
    {
        return new SqlDescribeStatement(s.end(this), id);
    }
}

/** EXPLAIN [PLAN FOR] query-or-insert. */
SqlNode SqlExplainStatement() :
{
    final Span s;
    final SqlNode statement;
}
{
    <EXPLAIN> { s = span(); }
    [ LOOKAHEAD(2) <PLAN> <FOR> ]
    statement = SqlQueryOrDml()
    {
        return new SqlExplainStatement(s.end(this), statement);
    }
}

/** Flink's type names that Calcite lacks: STRING, BYTES, TIMESTAMP_LTZ[(p)]. */
SqlTypeNameSpec SabotTypeName() :
{
    final Span s;
    int precision = -1;
}
{
    <STRING> {
        return new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, Integer.MAX_VALUE, getPos());
    }
|
    <BYTES> {
        return new SqlBasicTypeNameSpec(SqlTypeName.VARBINARY, Integer.MAX_VALUE, getPos());
    }
|
    <TIMESTAMP_LTZ> { s = span(); } precision = PrecisionOpt() {
        return new SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, precision, s.end(this));
    }
}
