package io.wshandshake.client.reactive;

import java.util.List;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;
import reactor.netty.NettyPipeline;

/**
 * Sits next to the HTTP codec for one WebSocket handshake on Reactor Netty: reads the upgrade request as it is
 * written (after Netty's handshaker and extension handler made it, so the key and offers are the ones really sent),
 * and validates the answer as it is read, before Netty's extension handler and handshaker see it and long before
 * the handler runs. A refused answer never goes further: the attempt records the refusal, the pipeline hears it as
 * an error and the channel closes. A validated answer goes on, and the handler leaves the pipeline.
 * <p>
 * It is placed at the moment the request is written, because Reactor Netty adds its aggregator and extension
 * handler right after the codec just before it writes, where a handler added earlier would no longer be next to the
 * codec. On an HTTP/2 stream (RFC 8441) {@link ReactorNettyHttp2HandshakeHandler} is placed instead; on a pipeline
 * with neither codec nothing is, and the client fails closed when the handshake completes unvalidated.
 */
final class ReactorNettyHandshakeHandler extends AnswerJudgingHandler {

    static final String NAME = "io.wshandshake.handshake";

    private static final String PLACER_NAME = "io.wshandshake.handshake-placer";

    private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";

    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    private ReactorNettyHandshakeHandler(ReactiveHandshakeAttempt attempt, HandshakeValidator validator) {
        super(attempt, validator);
    }

    /** Installs the handler on the connection that is about to send the upgrade request. */
    static void install(Channel channel, ReactiveHandshakeAttempt attempt, HandshakeValidator validator) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(PLACER_NAME) != null || pipeline.get(NAME) != null) {
            return;
        }
        pipeline.addLast(PLACER_NAME, new Placer(attempt, validator));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpRequest request && this.attempt.sent() == null) {
            this.attempt.requestSent(this.validator.clientHandshake(handshakeHeaders(request.headers())));
        }
        ctx.write(msg, promise);
    }

    @Override
    boolean isAnswer(Object msg) {
        return msg instanceof HttpResponse;
    }

    @Override
    HandshakeResult judge(Object answer) {
        HttpResponse response = (HttpResponse) answer;
        ClientHandshake sent = this.attempt.sent();
        if (response.decoderResult().isFailure()) {
            Throwable cause = response.decoderResult().cause();
            if (cause instanceof TooLongFrameException) {
                throw new HandshakeException(FailureReason.HEADERS_TOO_LARGE, null, "The response headers exceed "
                        + "the validator's limit of " + this.validator.maxHeaderSize()
                        + " bytes (handshake.max-response-header-size)");
            }
            throw new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null,
                    "The server's answer is not a well-formed HTTP response: "
                            + SafeText.quote(String.valueOf(cause.getMessage())));
        }
        if (sent == null) {
            throw new IllegalStateException("The upgrade request was not seen going out: nothing to validate against");
        }
        Map<String, List<String>> headers = headerMap(response.headers());
        return this.validator.endClientHandshake(sent, response.status().code(), headers);
    }

    /**
     * The three request headers the validator reads, after Netty's legacy offers are taken off; Netty's lookups are
     * case-insensitive, so nothing else of the request is copied. The key is read, never replaced: Netty's handshaker
     * made it and checks the accept against it too.
     */
    static Map<String, List<String>> handshakeHeaders(HttpHeaders headers) {
        String offers = ReactorNettyOffers.narrow(headers);
        return Map.of(SEC_WEBSOCKET_KEY, headers.getAll(SEC_WEBSOCKET_KEY),
                SEC_WEBSOCKET_PROTOCOL, headers.getAll(SEC_WEBSOCKET_PROTOCOL),
                SEC_WEBSOCKET_EXTENSIONS, (offers != null) ? List.of(offers) : List.of());
    }

    /** Netty's headers as the validator reads them: every line a value, names as received. */
    static Map<String, List<String>> headerMap(HttpHeaders headers) {
        return HeaderLines.of(headers, Map.Entry::getKey, Map.Entry::getValue);
    }

    /**
     * Puts the handshake handler in place as the request is written, then leaves: over HTTP/1.1 next to the codec;
     * on an HTTP/2 stream first, where the HEADERS frames pass.
     */
    private static final class Placer extends ChannelOutboundHandlerAdapter {

        private final ReactiveHandshakeAttempt attempt;

        private final HandshakeValidator validator;

        Placer(ReactiveHandshakeAttempt attempt, HandshakeValidator validator) {
            this.attempt = attempt;
            this.validator = validator;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpRequest) {
                ChannelPipeline pipeline = ctx.pipeline();
                if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                    pipeline.addAfter(NettyPipeline.HttpCodec, NAME,
                            new ReactorNettyHandshakeHandler(this.attempt, this.validator));
                }
                else if (pipeline.get(NettyPipeline.H2ToHttp11Codec) != null) {
                    pipeline.addFirst(NAME, new ReactorNettyHttp2HandshakeHandler(this.attempt, this.validator));
                }
                ctx.write(msg, promise);
                pipeline.remove(this);
                return;
            }
            ctx.write(msg, promise);
        }
    }
}
