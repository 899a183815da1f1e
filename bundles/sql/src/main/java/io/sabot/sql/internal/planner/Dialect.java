package io.sabot.sql.internal.planner;

import io.sabot.sql.internal.parser.impl.SabotSqlParserImpl;
import java.util.Properties;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Flink's SQL dialect as Calcite settings: back-tick quoting, identifiers case-sensitive and kept as written,
 * function names case-insensitive (see {@link SabotOperators}), DECIMAL up to 38 digits, STRING as unbounded VARCHAR,
 * timestamps in milliseconds by default.
 */
public final class Dialect {

    private Dialect() {}

    /** Flink-like conformance on Calcite's default one. */
    static final SqlConformance CONFORMANCE = new SqlDelegatingConformance(SqlConformanceEnum.DEFAULT) {
        @Override
        public boolean isBangEqualAllowed() {
            return true;
        }

        @Override
        public boolean isPercentRemainderAllowed() {
            return true;
        }

        @Override
        public boolean isSortByOrdinal() {
            return true;
        }

        @Override
        public boolean isSortByAlias() {
            return true;
        }

        @Override
        public boolean shouldConvertRaggedUnionTypesToVarying() {
            return true;
        }

        @Override
        public boolean allowGeometry() {
            return false;
        }
    };

    public static final SqlParser.Config PARSER = SqlParser.config()
            .withParserFactory(SabotSqlParserImpl.FACTORY)
            .withQuoting(Quoting.BACK_TICK)
            .withQuotedCasing(Casing.UNCHANGED)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withIdentifierMaxLength(1024)
            .withConformance(CONFORMANCE);

    static final RelDataTypeSystem TYPE_SYSTEM = new RelDataTypeSystemImpl() {
        @Override
        public int getMaxPrecision(SqlTypeName typeName) {
            return switch (typeName) {
                case DECIMAL -> 38;
                case CHAR, VARCHAR, BINARY, VARBINARY -> Integer.MAX_VALUE;
                case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIME -> 9;
                default -> super.getMaxPrecision(typeName);
            };
        }

        @Override
        public int getMaxScale(SqlTypeName typeName) {
            return typeName == SqlTypeName.DECIMAL ? 38 : super.getMaxScale(typeName);
        }

        @Override
        public int getDefaultPrecision(SqlTypeName typeName) {
            // Sabot computes timestamps in milliseconds: TIMESTAMP means TIMESTAMP(3).
            return switch (typeName) {
                case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 3;
                default -> super.getDefaultPrecision(typeName);
            };
        }

        @Override
        public boolean shouldConvertRaggedUnionTypesToVarying() {
            return true;
        }
    };

    static final SqlValidator.Config VALIDATOR =
            SqlValidator.Config.DEFAULT.withConformance(CONFORMANCE).withIdentifierExpansion(true);

    static final CalciteConnectionConfig CONNECTION = connectionConfig();

    private static CalciteConnectionConfig connectionConfig() {
        Properties properties = new Properties();
        properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
        properties.setProperty(CalciteConnectionProperty.UNQUOTED_CASING.camelName(), Casing.UNCHANGED.name());
        properties.setProperty(CalciteConnectionProperty.QUOTED_CASING.camelName(), Casing.UNCHANGED.name());
        properties.setProperty(CalciteConnectionProperty.QUOTING.camelName(), Quoting.BACK_TICK.name());
        return new CalciteConnectionConfigImpl(properties);
    }
}
