package io.wshandshake.benchmarks;

import java.util.List;

import io.wshandshake.client.TransportLimits;
import io.wshandshake.client.ValidatingWebSocketClient;
import io.wshandshake.client.ValidatingWebSocketClientBuilder;
import io.wshandshake.core.HandshakeValidator;
import jakarta.websocket.ContainerProvider;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

/**
 * The two clients the end-to-end harnesses compare, on one executor and with the same offers (subprotocol v1.chat,
 * permessage-deflate): Spring's plain {@code StandardWebSocketClient}, told the offers in its headers, and ours,
 * configured with them.
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
        StandardWebSocketClient plain = new StandardWebSocketClient(ContainerProvider.getWebSocketContainer());
        plain.setTaskExecutor(executor);
        return plain;
    }

    /** The headers that make the plain client offer what ours is configured to. */
    static WebSocketHttpHeaders plainOffers() {
        WebSocketHttpHeaders offers = new WebSocketHttpHeaders();
        offers.setSecWebSocketProtocol("v1.chat");
        offers.setSecWebSocketExtensions(List.of(new WebSocketExtension("permessage-deflate")));
        return offers;
    }

    static ValidatingWebSocketClient ours(ThreadPoolTaskExecutor executor) {
        HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
                .extensions(List.of("permessage-deflate")).negotiator(TransportLimits.jdkDeflaterNegotiator())
                .build();
        return new ValidatingWebSocketClientBuilder(validator).taskExecutor(executor).build();
    }
}
