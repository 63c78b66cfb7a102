package io.wshandshake.core;

/**
 * A header value broke its grammar. Internal: the validator turns it into a {@link HandshakeException}, the offer
 * checks into an {@link IllegalArgumentException}.
 */
final class HeaderSyntaxException extends IllegalArgumentException {

    private final String value;

    HeaderSyntaxException(String problem, String value) {
        super(problem);
        this.value = value;
    }

    /** The whole header value that was being parsed. */
    String value() {
        return this.value;
    }
}
