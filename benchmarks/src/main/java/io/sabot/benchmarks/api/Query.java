package io.sabot.benchmarks.api;

/**
 * One benchmark query over the table {@code bid}.
 *
 * @param name short name used in options and output
 * @param title what it computes
 * @param sinkColumns the columns of its sink table
 * @param select the query
 */
public record Query(String name, String title, String sinkColumns, String select) {

    /** {@code CREATE TABLE sink_<name> (…) WITH ('connector' = 'blackhole')}. */
    public String sinkDdl() {
        return "CREATE TABLE " + sinkTable() + " (\n" + sinkColumns + ") WITH ('connector' = 'blackhole')";
    }

    public String sinkTable() {
        return "sink_" + name;
    }

    /** {@code INSERT INTO sink_<name> <select>}. */
    public String insert() {
        return "INSERT INTO " + sinkTable() + "\n" + select;
    }
}
