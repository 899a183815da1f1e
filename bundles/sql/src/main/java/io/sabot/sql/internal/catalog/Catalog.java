package io.sabot.sql.internal.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A session's tables and views in one namespace, names case-sensitive. Not thread-safe (a session runs one
 * statement at a time).
 */
public final class Catalog {

    private final Map<String, CatalogTable> tables = new TreeMap<>();
    private final Map<String, CatalogView> views = new TreeMap<>();

    public CatalogTable table(String name) {
        return tables.get(name);
    }

    public CatalogView view(String name) {
        return views.get(name);
    }

    public boolean contains(String name) {
        return tables.containsKey(name) || views.containsKey(name);
    }

    public void add(CatalogTable table) {
        tables.put(table.name(), table);
    }

    public void add(CatalogView view) {
        views.put(view.name(), view);
    }

    public void removeTable(String name) {
        tables.remove(name);
    }

    public void removeView(String name) {
        views.remove(name);
    }

    public List<CatalogTable> tables() {
        return new ArrayList<>(tables.values());
    }

    public List<CatalogView> views() {
        return new ArrayList<>(views.values());
    }
}
