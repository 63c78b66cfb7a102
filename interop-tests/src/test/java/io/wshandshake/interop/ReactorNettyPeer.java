package io.wshandshake.interop;

import java.net.URI;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * A Reactor Netty WebSocket server, in-process, echoing frames; it picks the first offered subprotocol it supports,
 * with Netty's permessage-deflate handshaker on or off.
 */
final class ReactorNettyPeer implements Peer {

    private final DisposableServer server;

    private final boolean compress;

    private ReactorNettyPeer(boolean compress) {
        this.compress = compress;
        WebsocketServerSpec spec = WebsocketServerSpec.builder().protocols("v2.chat,v1.chat").compress(compress)
                .maxFramePayloadLength(8 * 1024 * 1024).build();
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.ws("/echo",
                        (in, out) -> out.sendObject(in.receiveFrames().map(WebSocketFrame::retain)), spec))
                .bindNow();
    }

    static ReactorNettyPeer compressing() {
        return new ReactorNettyPeer(true);
    }

    static ReactorNettyPeer plain() {
        return new ReactorNettyPeer(false);
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + this.server.port() + "/echo");
    }

    @Override
    public String description() {
        return "Reactor Netty " + reactor.netty.Metrics.class.getPackage().getImplementationVersion()
                + (this.compress ? " (compress on)" : " (compress off)");
    }

    @Override
    public void close() {
        this.server.disposeNow();
    }
}
