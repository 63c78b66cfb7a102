package io.wshandshake.client.reactive;

import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/** Real Reactor Netty WebSocket servers on loopback for the reactive client's tests. */
final class ReactorNettyServers {

    private ReactorNettyServers() {
    }

    /** An echo server at {@code /echo} that chooses {@code v1.chat} and compresses when offered. */
    static DisposableServer echo() {
        return echo(HttpProtocol.HTTP11);
    }

    /**
     * The echo server over {@code protocol}; over HTTP/2 it announces {@code SETTINGS_ENABLE_CONNECT_PROTOCOL}, so
     * WebSocket runs on extended CONNECT streams (RFC 8441).
     */
    static DisposableServer echo(HttpProtocol protocol) {
        return echo(HttpServer.create().protocol(protocol));
    }

    /** The echo server on {@code server} as configured (protocol, TLS), on loopback. */
    static DisposableServer echo(HttpServer server) {
        return server.host("127.0.0.1").port(0)
                .http2Settings(settings -> settings.connectProtocolEnabled(true))
                .route(routes -> routes.ws("/echo", (in, out) -> out.sendObject(in.receiveFrames()
                        .map(frame -> frame.retain())),
                        WebsocketServerSpec.builder().protocols("v1.chat").compress(true).build()))
                .bindNow();
    }
}
