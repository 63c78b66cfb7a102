package io.wshandshake.client;

/**
 * Customizes the auto-configured {@link ValidatingWebSocketClientBuilder}; every customizer bean is applied in
 * order before the builder is handed out.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ValidatingWebSocketClientCustomizer {

    void customize(ValidatingWebSocketClientBuilder builder);
}
