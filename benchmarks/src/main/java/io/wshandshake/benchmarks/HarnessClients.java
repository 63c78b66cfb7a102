package io.wshandshake.benchmarks;

import java.util.List;

import io.wshandshake.client.ClientContainer;
import io.wshandshake.client.TransportLimits;
import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.client.ValidatingWebSocketClientBuilder;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClient;
import io.wshandshake.client.reactive.ValidatingReactorNettyWebSocketClientBuilder;
import io.wshandshake.core.HandshakeValidator;
import jakarta.websocket.WebSocketContainer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * The two clients the end-to-end harnesses compare, on one executor and with the same offers (subprotocol v1.chat,
 * permessage-deflate): Spring's plain {@code StandardWebSocketClient}, told the offers in its headers, and ours,
 * configured with them. Each runs on the container named: the plain client on that container as its default
 * constructor makes it, ours on the one it builds. The reactive pair: Spring's plain
 * {@code ReactorNettyWebSocketClient} and ours, each on its own {@code HttpClient}.
 */
final class HarnessClients {

    private HarnessClients() {
    }

    /** An initialized pool of {@code threads} threads for both clients. */
    static ThreadPoolTaskExecutor executor(int threads) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.initialize();
        return executor;
    }

    static StandardWebSocketClient plain(ThreadPoolTaskExecutor executor) {
        return plain(executor, ClientContainer.TOMCAT);
    }

    /** Spring's plain client on a default container of the kind named (not {@code ContainerProvider}'s pick). */
    static StandardWebSocketClient plain(ThreadPoolTaskExecutor executor, ClientContainer kind) {
        StandardWebSocketClient plain = new StandardWebSocketClient(container(kind));
        plain.setTaskExecutor(executor);
        return plain;
    }

    /** A default container of the kind named, as a plain client gets it. */
    static WebSocketContainer container(ClientContainer kind) {
        if (kind == ClientContainer.JETTY) {
            // What Jetty's ContainerProvider gives: a started container on its own default HttpClient.
            org.eclipse.jetty.ee11.websocket.jakarta.client.JakartaWebSocketClientContainer jetty =
                    new org.eclipse.jetty.ee11.websocket.jakarta.client.JakartaWebSocketClientContainer();
            org.eclipse.jetty.util.component.LifeCycle.start(jetty);
            return jetty;
        }
        return new org.apache.tomcat.websocket.WsWebSocketContainer();
    }

    /** The headers that make the plain client offer what ours is configured to. */
    static WebSocketHttpHeaders plainOffers() {
        WebSocketHttpHeaders offers = new WebSocketHttpHeaders();
        offers.setSecWebSocketProtocol("v1.chat");
        offers.setSecWebSocketExtensions(List.of(new WebSocketExtension("permessage-deflate")));
        return offers;
    }

    static ValidatingWebSocketClient ours(ThreadPoolTaskExecutor executor) {
        return ours(executor, ClientContainer.TOMCAT);
    }

    static ValidatingWebSocketClient ours(ThreadPoolTaskExecutor executor, ClientContainer kind) {
        return new ValidatingWebSocketClientBuilder(validator()).clientContainer(kind).taskExecutor(executor).build();
    }

    /**
     * Spring's plain {@code ReactorNettyWebSocketClient} offering v1.chat and compression ({@code compress(true)}
     * offers permessage-deflate and two legacy deflate-frame extensions, which ours takes off its request).
     */
    static ReactorNettyWebSocketClient plainReactive() {
        return new ReactorNettyWebSocketClient(HttpClient.create(),
                () -> WebsocketClientSpec.builder().protocols("v1.chat").compress(true));
    }

    /** Ours on Reactor Netty, with its defaults: no observation registry, no events. */
    static ValidatingReactorNettyWebSocketClient oursReactive() {
        return new ValidatingReactorNettyWebSocketClientBuilder(validator()).httpClient(HttpClient.create()).build();
    }

    private static HandshakeValidator validator() {
        return HandshakeValidator.builder().subprotocols(List.of("v1.chat")).extensions(List.of("permessage-deflate"))
                .negotiator(TransportLimits.jdkDeflaterNegotiator()).build();
    }
}
