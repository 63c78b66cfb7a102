package io.wshandshake.client;

import java.util.List;

import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.ExtensionParameter;
import jakarta.websocket.Extension;

/**
 * An extension offer in the JSR-356 form the container sends. Unlike Spring's {@code WebSocketExtension}, it keeps
 * parameters without a value (such as {@code client_max_window_bits}): their value is {@code null}, which Tomcat
 * writes as the bare name.
 */
record OfferedExtension(String getName, List<Extension.Parameter> getParameters) implements Extension {

    static OfferedExtension of(ExtensionElement element) {
        List<Extension.Parameter> parameters = element.parameters().stream()
                .<Extension.Parameter>map(OfferedParameter::new).toList();
        return new OfferedExtension(element.name(), parameters);
    }

    private record OfferedParameter(ExtensionParameter parameter) implements Extension.Parameter {

        @Override
        public String getName() {
            return this.parameter.name();
        }

        @Override
        public String getValue() {
            return this.parameter.value();
        }
    }
}
