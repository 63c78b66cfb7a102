package io.wshandshake.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a {@code Sec-WebSocket-Extensions} list: an extension name and its parameters, in the order they
 * were written. Used for the client's offers and for the server's answers alike.
 *
 * @param name the extension token (case-sensitive)
 * @param parameters the parameters in header order
 * @since 0.1.0
 */
public record ExtensionElement(String name, List<ExtensionParameter> parameters) {

    public ExtensionElement {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
    }

    /**
     * Parses one extension offer such as {@code permessage-deflate; client_max_window_bits}.
     * @throws IllegalArgumentException if the text is not exactly one RFC 6455 section 9.1 extension
     */
    public static ExtensionElement parse(String offer) {
        return ExtensionHeaderParser.parseSingle(offer);
    }

    /** The first parameter of that name, if any. */
    public Optional<ExtensionParameter> parameter(String parameterName) {
        for (ExtensionParameter parameter : this.parameters) {
            if (parameter.name().equals(parameterName)) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }

    /** The element as a {@code Sec-WebSocket-Extensions} list element: {@code name; p1; p2=v}. */
    @Override
    public String toString() {
        if (this.parameters.isEmpty()) {
            return this.name;
        }
        StringBuilder out = new StringBuilder(this.name);
        for (ExtensionParameter parameter : this.parameters) {
            out.append("; ").append(parameter);
        }
        return out.toString();
    }
}
