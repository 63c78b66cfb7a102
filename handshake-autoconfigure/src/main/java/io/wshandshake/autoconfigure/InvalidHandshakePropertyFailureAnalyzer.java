package io.wshandshake.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link InvalidHandshakePropertyException} instead of a stack trace. */
class InvalidHandshakePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidHandshakePropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidHandshakePropertyException cause) {
        String description = "The WebSocket handshake property '" + cause.getProperty() + "' has the invalid value "
                + cause.getValue() + ":\n\n    " + cause.getProblem();
        return new FailureAnalysis(description, cause.getFix(), cause);
    }
}
