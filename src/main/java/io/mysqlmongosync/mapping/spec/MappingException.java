package io.mysqlmongosync.mapping.spec;

/**
 * The mapping file cannot be used. The message names the file, the line and the problem, e.g.
 * {@code mapping.yaml:14: collection 'orders': embed 'items': column 'order_no' does not exist in table order_items}.
 */
public class MappingException extends IllegalArgumentException {

    /** A problem at {@code line} of {@code file} (line 0: the file as a whole). */
    public MappingException(String file, int line, String problem) {
        super("Invalid mapping " + file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}
