package io.wshandshake.client.reactive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
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
 * codec.
 */
final class ReactorNettyHandshakeHandler extends ChannelDuplexHandler {

    static final String NAME = "io.wshandshake.handshake";

    private static final String PLACER_NAME = "io.wshandshake.handshake-placer";

    private final ReactiveHandshakeAttempt attempt;

    private final HandshakeValidator validator;

    private final boolean http2;

    private boolean answered;

    private boolean refused;

    private ReactorNettyHandshakeHandler(ReactiveHandshakeAttempt attempt, HandshakeValidator validator,
            boolean http2) {
        this.attempt = attempt;
        this.validator = validator;
        this.http2 = http2;
    }

    /** Installs the handler on the connection that is about to send the upgrade request. */
    static void install(Channel channel, ReactiveHandshakeAttempt attempt, HandshakeValidator validator) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(PLACER_NAME) != null || pipeline.get(NAME) != null) {
            return;
        }
        boolean http2 = pipeline.get(NettyPipeline.HttpCodec) == null;
        pipeline.addLast(PLACER_NAME, new Placer(new ReactorNettyHandshakeHandler(attempt, validator, http2)));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpRequest request && this.attempt.sent() == null) {
            ReactorNettyOffers.narrow(request.headers());
            ClientHandshake sent = this.validator.clientHandshake(headerMap(request.headers()));
            this.attempt.requestSent(sent);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (this.refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!this.answered && msg instanceof HttpResponse response) {
            this.answered = true;
            try {
                judge(response);
            }
            catch (HandshakeException ex) {
                this.refused = true;
                this.attempt.rejected(ex);
                ReferenceCountUtil.release(msg);
                ctx.fireExceptionCaught(ex);
                ctx.close();
                return;
            }
            ctx.fireChannelRead(msg);
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void judge(HttpResponse response) {
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
        if (this.http2) {
            // Fail closed: the answer to an extended CONNECT (RFC 8441) follows other rules than a 101.
            throw new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, "The connection is "
                    + "HTTP/2 (RFC 8441), which this client does not validate yet: connect over HTTP/1.1");
        }
        this.attempt.validated(this.validator.endClientHandshake(sent, response.status().code(), headers));
    }

    /** Netty's headers as the engine reads them: names case-insensitive, every line a value. */
    static Map<String, List<String>> headerMap(HttpHeaders headers) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach(entry -> map.computeIfAbsent(entry.getKey(), name -> new ArrayList<>(2))
                .add(entry.getValue()));
        return map;
    }

    /** Puts the handshake handler next to the codec as the request is written, then leaves. */
    private static final class Placer extends ChannelOutboundHandlerAdapter {

        private final ReactorNettyHandshakeHandler handler;

        Placer(ReactorNettyHandshakeHandler handler) {
            this.handler = handler;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpRequest) {
                ChannelPipeline pipeline = ctx.pipeline();
                String codec = (pipeline.get(NettyPipeline.HttpCodec) != null) ? NettyPipeline.HttpCodec
                        : NettyPipeline.H2ToHttp11Codec;
                if (pipeline.get(codec) != null) {
                    pipeline.addAfter(codec, NAME, this.handler);
                }
                else {
                    pipeline.addFirst(NAME, this.handler);
                }
                ctx.write(msg, promise);
                pipeline.remove(this);
                return;
            }
            ctx.write(msg, promise);
        }
    }
}
