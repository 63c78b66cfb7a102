package io.wshandshake.client.reactive;

/**
 * Customizes the auto-configured {@link ValidatingReactorNettyWebSocketClientBuilder}; customizer beans are applied
 * in order.
 *
 * @since 0.3.0
 */
@FunctionalInterface
public interface ValidatingReactorNettyWebSocketClientCustomizer {

    /** Changes {@code builder} in place. */
    void customize(ValidatingReactorNettyWebSocketClientBuilder builder);
}
