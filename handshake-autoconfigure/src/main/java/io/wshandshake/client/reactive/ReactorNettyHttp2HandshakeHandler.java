package io.wshandshake.client.reactive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeMode;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.SafeText;

/**
 * Sits first in the pipeline of the HTTP/2 stream that carries one WebSocket handshake on Reactor Netty (RFC 8441),
 * where the frames are the ones on the wire: reads the offers from the extended CONNECT's HEADERS frame as it is
 * written (after Netty's extension handler and {@code :protocol} were added), and validates the answer's HEADERS
 * frame in {@link HandshakeMode#HTTP_2} as it is read, before Reactor Netty's codec, extension handler and
 * handshaker see it and long before the handler runs. A refused answer never goes further: the attempt records the
 * refusal, the pipeline hears it as an error and the stream closes (a reset; the connection stays Reactor Netty's).
 */
final class ReactorNettyHttp2HandshakeHandler extends AnswerJudgingHandler {

    // Field names are lower case in HTTP/2 (RFC 9113 section 8.2.1), and Netty's frame holds them so.
    private static final String SEC_WEBSOCKET_EXTENSIONS = "sec-websocket-extensions";

    private static final String SEC_WEBSOCKET_PROTOCOL = "sec-websocket-protocol";

    private static final AsciiString CONNECT = AsciiString.cached("CONNECT");

    private static final AsciiString WEBSOCKET = AsciiString.cached("websocket");

    ReactorNettyHttp2HandshakeHandler(ReactiveHandshakeAttempt attempt, HandshakeValidator validator) {
        super(attempt, validator);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof Http2HeadersFrame frame && this.attempt.sent() == null) {
            Http2Headers headers = frame.headers();
            if (!CONNECT.contentEquals(String.valueOf(headers.method())) || !WEBSOCKET.contentEqualsIgnoreCase(
                    String.valueOf(headers.get(Http2Headers.PseudoHeaderName.PROTOCOL.value())))) {
                // Fail closed: only the answer to an extended CONNECT is judged by RFC 8441's rules.
                promise.setFailure(new IllegalStateException("The WebSocket request on this HTTP/2 stream is not an "
                        + "extended CONNECT with :protocol websocket (RFC 8441 section 4): nothing to validate"));
                ReferenceCountUtil.release(msg);
                return;
            }
            String offers = ReactorNettyOffers.narrowed(headers.getAll(SEC_WEBSOCKET_EXTENSIONS));
            headers.remove(SEC_WEBSOCKET_EXTENSIONS);
            if (offers != null) {
                headers.set(SEC_WEBSOCKET_EXTENSIONS, offers);
            }
            // Only the offers are read over HTTP/2 (no key): the two fields, not the whole frame.
            this.attempt.requestSent(this.validator.clientHandshake(HandshakeMode.HTTP_2, Map.of(
                    SEC_WEBSOCKET_PROTOCOL, strings(headers.getAll(SEC_WEBSOCKET_PROTOCOL)),
                    SEC_WEBSOCKET_EXTENSIONS, (offers != null) ? List.of(offers) : List.of())));
        }
        ctx.write(msg, promise);
    }

    @Override
    boolean isAnswer(Object msg) {
        return msg instanceof Http2HeadersFrame;
    }

    @Override
    HandshakeResult judge(Object answer) {
        Http2HeadersFrame frame = (Http2HeadersFrame) answer;
        ClientHandshake sent = this.attempt.sent();
        if (sent == null) {
            throw new IllegalStateException("The extended CONNECT was not seen going out: nothing to validate against");
        }
        Http2Headers headers = frame.headers();
        HandshakeResult result = this.validator.endClientHandshake(sent, status(headers.status()),
                regularFields(headers));
        if (frame.isEndStream()) {
            throw new HandshakeException(FailureReason.RESPONSE_MALFORMED, null, "The server answered 200 and ended "
                    + "the stream (END_STREAM), so no WebSocket can run on it (RFC 8441 section 5)");
        }
        return result;
    }

    /** The {@code :status} as a number; a missing or malformed one is refused, quoted. */
    private static int status(CharSequence status) {
        String text = String.valueOf(status);
        if (text.length() == 3 && isDigit(text.charAt(0)) && isDigit(text.charAt(1)) && isDigit(text.charAt(2))) {
            return Integer.parseInt(text);
        }
        throw new HandshakeException(FailureReason.STATUS_NOT_SWITCHING_PROTOCOLS, null, text, "The answer's "
                + ":status " + SafeText.quote(text) + " is not a status code (RFC 9113 section 8.3.2)", null);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static List<String> strings(List<? extends CharSequence> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>(values.size());
        for (CharSequence value : values) {
            strings.add(value.toString());
        }
        return strings;
    }

    /** The frame's fields as the engine reads them: every line a value, pseudo-header fields left out. */
    static Map<String, List<String>> regularFields(Http2Headers headers) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            String name = field.getKey().toString();
            if (!Http2Headers.PseudoHeaderName.hasPseudoHeaderFormat(name)) {
                fields.computeIfAbsent(name, key -> new ArrayList<>(2)).add(field.getValue().toString());
            }
        }
        return fields;
    }
}
