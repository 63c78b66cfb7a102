package io.wshandshake.client.reactive;

import java.net.URI;
import java.util.List;
import java.util.Set;

import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.wshandshake.client.HandshakeAttemptContext;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeMode;
import io.wshandshake.core.HandshakeValidator;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP/2 handshake handler on a real Netty pipeline ({@link EmbeddedChannel}) for what a real server cannot make
 * Reactor Netty hand it: frames its HPACK decoder or client would have refused first. Each one fails closed.
 */
class ReactorNettyHttp2HandshakeHandlerTests {

    private final HandshakeValidator validator = HandshakeValidator.builder().subprotocols(List.of("v1.chat"))
            .build();

    private final ReactorNettyClientTests.Recorder recorder = new ReactorNettyClientTests.Recorder();

    private final ReactiveHandshakeAttempt attempt = new ReactiveHandshakeAttempt(new HandshakeAttemptContext(this,
            URI.create("ws://127.0.0.1/chat"), new HttpHeaders(), Set.of("v1.chat"), Set.of()),
            List.of(this.recorder));

    private final EmbeddedChannel stream = new EmbeddedChannel(
            new ReactorNettyHttp2HandshakeHandler(this.attempt, this.validator));

    @Test
    void aRequestThatIsNoExtendedConnectIsNotSent() {
        Http2Headers get = new DefaultHttp2Headers().method("GET").path("/chat").scheme("http")
                .set("sec-websocket-protocol", "v1.chat");
        ChannelFuture write = this.stream.writeAndFlush(new DefaultHttp2HeadersFrame(get));
        assertThat(write.cause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("RFC 8441");
        assertThat((Object) this.stream.readOutbound()).isNull();
        assertThat(this.attempt.sent()).isNull();
    }

    @Test
    void theExtendedConnectIsReadAsSentWithoutNettysLegacyOffers() {
        sendExtendedConnect();
        Http2HeadersFrame written = this.stream.readOutbound();
        assertThat(written.headers().get("sec-websocket-extensions")).hasToString("permessage-deflate");
        assertThat(this.attempt.sent().mode()).isEqualTo(HandshakeMode.HTTP_2);
        assertThat(this.attempt.sent().subprotocols()).containsExactly("v1.chat");
        assertThat(this.attempt.sent().extensions()).extracting(Object::toString)
                .containsExactly("permessage-deflate");
    }

    @Test
    void aStatusThatIsNoStatusCodeIsRefusedAndQuoted() {
        HandshakeException refused = answer(new DefaultHttp2Headers().status("2x0")
                .set("sec-websocket-protocol", "v1.chat"));
        assertThat(refused.reason()).isEqualTo(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS);
        assertThat(refused.value()).contains("2x0");
    }

    @Test
    void aConnectionSpecificFieldIsRefused() {
        HandshakeException refused = answer(new DefaultHttp2Headers(false).status("200")
                .set("sec-websocket-protocol", "v1.chat").set("connection", "upgrade"));
        assertThat(refused.reason()).isEqualTo(FailureReason.RESPONSE_MALFORMED);
        assertThat(refused.header()).contains("Connection");
    }

    @Test
    void aValidAnswerGoesOnAndTheHandlerLeaves() {
        sendExtendedConnect();
        DefaultHttp2HeadersFrame ok = new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                .set("sec-websocket-protocol", "v1.chat"));
        this.stream.writeInbound(ok);
        assertThat((Object) this.stream.readInbound()).isSameAs(ok);
        assertThat(this.attempt.result().subprotocol()).contains("v1.chat");
        assertThat(this.stream.pipeline().get(ReactorNettyHttp2HandshakeHandler.class)).isNull();
    }

    private void sendExtendedConnect() {
        Http2Headers connect = new DefaultHttp2Headers().method("CONNECT").path("/chat").scheme("http")
                .authority("127.0.0.1").set(Http2Headers.PseudoHeaderName.PROTOCOL.value(), "websocket")
                .set("sec-websocket-version", "13").set("sec-websocket-protocol", "v1.chat")
                .set("sec-websocket-extensions", "permessage-deflate,deflate-frame,x-webkit-deflate-frame");
        assertThat(this.stream.writeAndFlush(new DefaultHttp2HeadersFrame(connect)).isSuccess()).isTrue();
    }

    /** Sends the extended CONNECT, answers with {@code headers}: the answer is refused, dropped, and the stream closed. */
    private HandshakeException answer(Http2Headers headers) {
        sendExtendedConnect();
        this.stream.readOutbound();
        this.stream.pipeline().fireChannelRead(new DefaultHttp2HeadersFrame(headers));
        assertThat((Object) this.stream.readInbound()).as("the refused answer goes no further").isNull();
        assertThat(this.stream.isOpen()).as("the stream is closed").isFalse();
        HandshakeException refused = this.attempt.rejected();
        assertThat(refused).isNotNull();
        return refused;
    }
}
