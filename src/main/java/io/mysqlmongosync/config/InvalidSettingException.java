package io.mysqlmongosync.config;

/**
 * A setting has a value the service cannot run with. The message names the environment variable and
 * the offending value, never the value of a secret.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String variable;

    /** Creates the exception for {@code variable} set to {@code value}, explaining {@code problem}. */
    public InvalidSettingException(String variable, String value, String problem) {
        super("Invalid configuration: " + variable + "='" + value + "' " + problem);
        this.variable = variable;
    }

    /** Creates the exception for a problem that is not about one value. */
    public InvalidSettingException(String variable, String problem) {
        super("Invalid configuration: " + variable + ": " + problem);
        this.variable = variable;
    }

    /** The environment variable to fix. */
    public String variable() {
        return variable;
    }
}
