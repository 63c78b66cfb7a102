package io.wshandshake.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What a successful client handshake negotiated: the chosen subprotocol and extensions, as indices into the offers
 * that were sent and as values.
 *
 * @since 0.1.0
 */
public final class HandshakeResult {

    private final @Nullable String subprotocol;

    private final int subprotocolIndex;

    private final List<NegotiatedExtension> extensions;

    /** @param extensions an unmodifiable list, kept as it is */
    HandshakeResult(@Nullable String subprotocol, int subprotocolIndex, List<NegotiatedExtension> extensions) {
        this.subprotocol = subprotocol;
        this.subprotocolIndex = subprotocolIndex;
        this.extensions = extensions;
    }

    /** The index of the chosen subprotocol among those offered, -1 when none was chosen. */
    public int subprotocolIndex() {
        return this.subprotocolIndex;
    }

    /** The chosen subprotocol, empty when none was chosen. */
    public Optional<String> subprotocol() {
        return Optional.ofNullable(this.subprotocol);
    }

    /** For each extension the server chose, in the order it listed them, the index of the offer it answers. */
    public int[] extensionIndices() {
        int[] indices = new int[this.extensions.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = this.extensions.get(i).offerIndex();
        }
        return indices;
    }

    /** The chosen extensions in the order the server listed them. */
    public List<NegotiatedExtension> extensions() {
        return this.extensions;
    }

    /** The permessage-deflate parameters, when permessage-deflate was negotiated. */
    public Optional<PerMessageDeflateParameters> perMessageDeflate() {
        for (NegotiatedExtension extension : this.extensions) {
            Optional<PerMessageDeflateParameters> parameters = extension.agreement(PerMessageDeflateParameters.class);
            if (parameters.isPresent()) {
                return parameters;
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return this == other || (other instanceof HandshakeResult that && this.subprotocolIndex == that.subprotocolIndex
                && Objects.equals(this.subprotocol, that.subprotocol) && this.extensions.equals(that.extensions));
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.subprotocol, this.subprotocolIndex, this.extensions);
    }

    @Override
    public String toString() {
        return "HandshakeResult[subprotocol=" + ((this.subprotocol != null) ? this.subprotocol : "none")
                + " (index " + this.subprotocolIndex + "), extensions=" + this.extensions + "]";
    }
}
