package io.sabot.engine;

import io.sabot.connector.spi.TableContext;
import io.sabot.connector.spi.format.BinaryRecords;
import io.sabot.connector.spi.format.DecodeErrors;
import io.sabot.connector.spi.format.FormatFactory;
import io.sabot.connector.spi.format.RecordDecoder;
import io.sabot.connector.spi.format.RecordEncoder;
import io.sabot.plugin.OptionDescriptor;
import io.sabot.plugin.ValidatedOptions;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A stand-in 'csv' format: options only (its decoder records what it was configured with). */
final class TestCsvFormat implements FormatFactory {

    static final OptionDescriptor<String> DELIMITER =
            OptionDescriptor.key("field-delimiter").stringType().defaultValue(",");

    @Override
    public String identifier() {
        return "csv";
    }

    @Override
    public List<OptionDescriptor<?>> options() {
        return List.of(DELIMITER);
    }

    record Decoder(String table, String delimiter) implements RecordDecoder {
        @Override
        public int decode(BinaryRecords records, VectorSchemaRoot target, DecodeErrors errors) {
            throw new UnsupportedOperationException("test format");
        }
    }

    @Override
    public RecordDecoder createDecoder(TableContext table, ValidatedOptions formatOptions) {
        return new Decoder(table.tableName(), formatOptions.get(DELIMITER));
    }

    @Override
    public RecordEncoder createEncoder(TableContext table, ValidatedOptions formatOptions) {
        throw new UnsupportedOperationException("test format");
    }
}
