/**
 * The reactive layer of the validating client: WebFlux's
 * {@link org.springframework.web.reactive.socket.client.WebSocketClient}s with every handshake validated by the
 * engine before the handler runs, the result in the session's attributes, and the same lifecycle listeners
 * (observation, session gauge, events) as the servlet client. {@code ReactiveHandshakeAttempt} is the part every
 * reactive client shares; the {@code ReactorNetty*} classes and {@link ValidatingReactorNettyWebSocketClient} are
 * Reactor Netty's.
 * <p>
 * Depends on {@code io.wshandshake.core}, the public lifecycle API of {@code io.wshandshake.client}, Spring WebFlux,
 * Reactor and Reactor Netty; never on {@code io.wshandshake.autoconfigure}, and on {@code io.wshandshake.observation}
 * only in the builder, which hands the observation settings to {@link io.wshandshake.client.HandshakeListeners}.
 *
 * @since 0.3.0
 */
@NullMarked
package io.wshandshake.client.reactive;

import org.jspecify.annotations.NullMarked;
