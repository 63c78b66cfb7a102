package io.wshandshake.autoconfigure;

/**
 * A {@code handshake.*} property has a value that cannot work. Start-up fails with it, and
 * {@link InvalidHandshakePropertyFailureAnalyzer} turns it into a message naming the property, the value and the fix.
 *
 * @since 0.1.0
 */
public class InvalidHandshakePropertyException extends RuntimeException {

    private final String property;

    private final String value;

    private final String problem;

    private final String fix;

    /**
     * @param property the property, with its index for a list entry, e.g. {@code handshake.subprotocols[1]}
     * @param value the value, already quoted and escaped
     * @param problem what is wrong
     * @param fix what to do
     */
    public InvalidHandshakePropertyException(String property, String value, String problem, String fix) {
        super("Invalid value " + value + " for property '" + property + "': " + problem);
        this.property = property;
        this.value = value;
        this.problem = problem;
        this.fix = fix;
    }

    public String getProperty() {
        return this.property;
    }

    public String getValue() {
        return this.value;
    }

    public String getProblem() {
        return this.problem;
    }

    public String getFix() {
        return this.fix;
    }
}
