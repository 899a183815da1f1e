package io.sabot.plan;

import java.util.Objects;

/**
 * A named, typed column of a row.
 *
 * @param name the column name as written in SQL (case preserved)
 * @param type its type
 */
public record Column(String name, DataType type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
        return name + " " + type;
    }
}
