package io.sabot.sql.internal.parser;

import org.apache.calcite.sql.parser.SqlParserPos;

/** One {@code 'key' = 'value'} of a {@code WITH (…)} clause. */
public record TableOptionDef(SqlParserPos pos, String key, String value) {}
