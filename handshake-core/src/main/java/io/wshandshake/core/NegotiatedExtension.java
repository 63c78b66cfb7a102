package io.wshandshake.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One extension the server chose: its name and parameters as the server answered them, the index of the offer it
 * answers, and what its {@link ExtensionNegotiator} agreed.
 *
 * @since 0.1.0
 */
public final class NegotiatedExtension {

    private final ExtensionElement answer;

    private final int offerIndex;

    private final Object agreement;

    NegotiatedExtension(ExtensionElement answer, int offerIndex, Object agreement) {
        this.answer = answer;
        this.offerIndex = offerIndex;
        this.agreement = agreement;
    }

    /** The extension token. */
    public String name() {
        return this.answer.name();
    }

    /** The parameters as the server answered them, quoted values unescaped. */
    public List<ExtensionParameter> parameters() {
        return this.answer.parameters();
    }

    /** The index of the answered offer in the extensions that were offered. */
    public int offerIndex() {
        return this.offerIndex;
    }

    /** The server's answer as a list element. */
    public ExtensionElement answer() {
        return this.answer;
    }

    /**
     * What the negotiator agreed, if it is of the given type: {@link PerMessageDeflateParameters} for
     * permessage-deflate, the answer itself ({@link ExtensionElement}) for an extension without a negotiator.
     */
    public <T> Optional<T> agreement(Class<T> type) {
        return type.isInstance(this.agreement) ? Optional.of(type.cast(this.agreement)) : Optional.empty();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return this == other || (other instanceof NegotiatedExtension that && this.offerIndex == that.offerIndex
                && this.answer.equals(that.answer) && this.agreement.equals(that.agreement));
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.answer, this.offerIndex, this.agreement);
    }

    /** The answer as written in a header, e.g. {@code permessage-deflate; server_max_window_bits=10}. */
    @Override
    public String toString() {
        return this.answer.toString();
    }
}
