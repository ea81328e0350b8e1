package io.mysqlmongosync.mapping.spec;

/**
 * A row breaking a rule.
 *
 * @param rule the rule's name in metrics: {@code <field>.<rule>} (e.g. {@code price.min}), {@code <field>.computed}
 *     or {@code <field>.type} for a value the mapping could not compute or convert, or {@code <strategy>} for a
 *     check made in code
 * @param message what is wrong, naming the field and the value
 */
public record Violation(String rule, String message) {
    /** The messages of {@code violations}, joined for one log line. */
    public static String messages(java.util.List<Violation> violations) {
        return String.join("; ", violations.stream().map(Violation::message).toList());
    }
}
