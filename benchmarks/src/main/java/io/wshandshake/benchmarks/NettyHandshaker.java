package io.wshandshake.benchmarks;

import java.net.URI;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

/**
 * Netty's client handshaker with its protected request and response checks opened up, so they can run without a
 * channel: {@code newHandshakeRequest} makes the key and the expected accept, {@code verify} checks an answer.
 */
final class NettyHandshaker extends WebSocketClientHandshaker13 {

    private final String expectedAccept;

    NettyHandshaker(String subprotocols) {
        super(URI.create("ws://localhost/"), WebSocketVersion.V13, subprotocols, subprotocols != null,
                EmptyHttpHeaders.INSTANCE, 65536);
        FullHttpRequest request = newHandshakeRequest();
        String key = request.headers().get("Sec-WebSocket-Key");
        this.expectedAccept = io.wshandshake.core.SecWebSocketAccept.forKey(key);
        request.release();
    }

    String expectedAccept() {
        return this.expectedAccept;
    }

    /** Netty's checks of a 101 answer: status, Upgrade, Connection and Sec-WebSocket-Accept. */
    FullHttpResponse check(FullHttpResponse response) {
        verify(response);
        return response;
    }
}
