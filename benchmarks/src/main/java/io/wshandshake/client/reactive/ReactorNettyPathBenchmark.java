package io.wshandshake.client.reactive;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker13;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.util.ReferenceCountUtil;
import io.wshandshake.client.HandshakeAttemptContext;
import io.wshandshake.client.HandshakeAttributes;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * What one connect costs the starter's own code on Reactor Netty's client, without the network and the container's
 * own work: from the upgrade request Netty built to the validated result in the session attributes, on the answers
 * of {@code ClientPathBenchmark} and {@code HandshakeValidationBenchmark} (the deflate one with a parameter less, see
 * {@link #DEFLATE_ANSWER}). Each operation is what runs per connect:
 * a fresh {@link ReactiveHandshakeAttempt}, {@link ReactorNettyHandshakeHandler#install} (the placer), the request
 * written through the pipeline (the placer puts the handler next to the codec and leaves; the handler narrows the
 * offers and calls {@code validator.clientHandshake(Map)}, then {@code requestSent}), the 101 answer read through it
 * ({@code judge}: the headers folded by {@link HeaderLines}, {@code endClientHandshake}; then {@code validated}, and
 * the handler leaves), then {@link HandshakeAttributes#put} into a fresh map, as the client does. The attempt's
 * context, made from the caller's headers before the request exists, is made once, and the attempt has no listener.
 * <p>
 * The pipeline is a real Netty one ({@link EmbeddedChannel}, reused: every connect leaves it as it found it) with a
 * pass-through handler named {@link NettyPipeline#HttpCodec} where Reactor Netty's codec sits, since the placer needs
 * one; requests and answers pass as objects, so no encoding or parsing is measured. What the pipeline itself costs
 * for the same writes, reads and request copy, without our handlers, is the {@code pipeline*} line of each answer:
 * the starter's share is the difference.
 * <p>
 * The request is the one Netty's {@link WebSocketClientHandshaker13} makes (built once, as Reactor Netty asks for it:
 * the subprotocols on one comma-joined line, the {@code User-Agent} and {@code Accept} its {@code HttpClient} adds),
 * its {@code Sec-WebSocket-Extensions} written by Netty's {@link WebSocketClientExtensionHandler} set up as Reactor
 * Netty's {@code compress(true)} sets it up, for the spec {@link ReactorNettyOffers} makes. Its key is replaced by
 * the one of RFC 6455 section 1.3, so that the answers' {@code Sec-WebSocket-Accept} holds; the key stays Netty's
 * to the handler, which only reads it. Every connect writes a copy of it (the handler narrows the offers in place,
 * and Netty makes a new request per connect), so the {@code pipeline*} lines copy it too.
 * <p>
 * This class sits in the package of the code it measures, so that it calls that code (package-private) as it is,
 * without a seam made for benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReactorNettyPathBenchmark {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static final List<String> FIVE_SUBPROTOCOLS = List.of("v10.stomp", "v11.stomp", "v12.stomp",
            "graphql-transport-ws", "mqtt");

    /** The richest permessage-deflate offer Reactor Netty can make (see {@link ReactorNettyOffers}). */
    private static final String DEFLATE_OFFER = "permessage-deflate; client_no_context_takeover; "
            + "server_no_context_takeover";

    /**
     * The other benchmarks' deflate answer without its {@code client_max_window_bits=15}: Netty offers that parameter
     * only when jzlib is on the class path, and an answer may not carry it unoffered (RFC 7692 section 7.1.2.2).
     */
    private static final String DEFLATE_ANSWER = "permessage-deflate; server_no_context_takeover; "
            + "client_no_context_takeover; server_max_window_bits=10";

    private static final URI URL = URI.create("ws://127.0.0.1:8080/");

    private final HandshakeAttemptContext context = new HandshakeAttemptContext(this, "reactor-netty", URL,
            new org.springframework.http.HttpHeaders(), Set.of(), Set.of());

    private final EmbeddedChannel channel = new EmbeddedChannel();

    private Connect minimal;

    private Connect subprotocol;

    private Connect deflate;

    @Setup
    public void setUp() {
        // Reactor Netty's codec, as far as the placer is concerned: it looks for the name.
        this.channel.pipeline().addLast(NettyPipeline.HttpCodec, new ChannelDuplexHandler());
        this.minimal = new Connect(HandshakeValidator.builder().build(), answer(null, null));
        this.subprotocol = new Connect(HandshakeValidator.builder().subprotocols(FIVE_SUBPROTOCOLS).build(),
                answer("graphql-transport-ws", null));
        this.deflate = new Connect(HandshakeValidator.builder().subprotocols(FIVE_SUBPROTOCOLS)
                .extensions(List.of(DEFLATE_OFFER))
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build(),
                answer("graphql-transport-ws", DEFLATE_ANSWER));
        // Measure only what does the whole work: every answer validated, the deflate one negotiated, Netty's legacy
        // offers taken off, the offers sent found to be the validator's own, and the handlers gone after each connect.
        List<String> emptyPipeline = this.channel.pipeline().names();
        for (Connect connect : List.of(this.minimal, this.subprotocol, this.deflate)) {
            if (connect(connect).get(HandshakeAttributes.RESULT) == null
                    || !this.channel.pipeline().names().equals(emptyPipeline)) {
                throw new IllegalStateException("A connect was not validated, or left a handler behind: "
                        + this.channel.pipeline().names());
            }
        }
        ReactiveHandshakeAttempt attempt = new ReactiveHandshakeAttempt(this.context, List.of());
        ReactorNettyHandshakeHandler.install(this.channel, attempt, this.deflate.validator);
        this.channel.writeOutbound(this.deflate.request.replace(Unpooled.EMPTY_BUFFER));
        FullHttpRequest written = this.channel.readOutbound();
        this.channel.writeInbound(this.deflate.response);
        ReferenceCountUtil.release(this.channel.readInbound());
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        HandshakeAttributes.put(attributes, attempt.result());
        if (!this.deflate.sent.contains("deflate-frame") || written.headers().getAll("Sec-WebSocket-Extensions")
                .stream().anyMatch(line -> line.contains("deflate-frame"))
                || !KEY.equals(attempt.sent().key())
                // Netty's line is the validator's offer written compactly: found again by its text, not parsed.
                || attempt.sent().extensions() != this.deflate.validator.extensions()
                || attempt.sent().subprotocols() != this.deflate.validator.subprotocols()
                || !attributes.containsKey(HandshakeAttributes.PER_MESSAGE_DEFLATE)
                || !Integer.valueOf(3).equals(attributes.get(HandshakeAttributes.SUBPROTOCOL_INDEX))) {
            throw new IllegalStateException("The deflate connect did not negotiate: " + attributes + ", offers "
                    + this.deflate.sent + " sent as " + written.headers().getAll("Sec-WebSocket-Extensions"));
        }
        written.release();
    }

    /** A 101 answer as Netty's codec hands it on, headers in the order and case Tomcat's server writes them. */
    private static FullHttpResponse answer(String subprotocol, String extensions) {
        HttpHeaders headers = new DefaultHttpHeaders().add("Upgrade", "websocket").add("Connection", "upgrade")
                .add("Sec-WebSocket-Accept", ACCEPT).add("Date", "Thu, 26 Nov 2026 07:00:00 GMT");
        if (subprotocol != null) {
            headers.add("Sec-WebSocket-Protocol", subprotocol);
        }
        if (extensions != null) {
            headers.add("Sec-WebSocket-Extensions", extensions);
        }
        // Its empty content is never freed, so the one answer can be read again and again.
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER, headers, new DefaultHttpHeaders());
    }

    @Benchmark
    public Object minimal() {
        return connect(this.minimal);
    }

    @Benchmark
    public Object subprotocol() {
        return connect(this.subprotocol);
    }

    @Benchmark
    public Object deflate() {
        return connect(this.deflate);
    }

    /** {@link #minimal()} without the starter: what the pipeline and the request copy cost alone. */
    @Benchmark
    public Object pipelineMinimal() {
        return passThrough(this.minimal);
    }

    /** {@link #subprotocol()} without the starter. */
    @Benchmark
    public Object pipelineSubprotocol() {
        return passThrough(this.subprotocol);
    }

    /** {@link #deflate()} without the starter. */
    @Benchmark
    public Object pipelineDeflate() {
        return passThrough(this.deflate);
    }

    private Map<String, Object> connect(Connect connect) {
        ReactiveHandshakeAttempt attempt = new ReactiveHandshakeAttempt(this.context, List.of());
        ReactorNettyHandshakeHandler.install(this.channel, attempt, connect.validator);
        exchange(connect);
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        HandshakeAttributes.put(attributes, attempt.result());
        return attributes;
    }

    private Object passThrough(Connect connect) {
        exchange(connect);
        return connect;
    }

    /** The request written and the answer read through the channel, as far as the pipeline takes them. */
    private void exchange(Connect connect) {
        this.channel.writeOutbound(connect.request.replace(Unpooled.EMPTY_BUFFER));
        ReferenceCountUtil.release(this.channel.readOutbound());
        this.channel.writeInbound(connect.response);
        ReferenceCountUtil.release(this.channel.readInbound());
    }

    /** One client configuration: its validator, and the request Netty writes and the answer it reads for it. */
    private static final class Connect {

        final HandshakeValidator validator;

        final FullHttpRequest request;

        final FullHttpResponse response;

        /** The request's extension offers as Netty wrote them, before the handler narrowed them. */
        final String sent;

        Connect(HandshakeValidator validator, FullHttpResponse response) {
            this.validator = validator;
            this.response = response;
            WebsocketClientSpec spec = ReactorNettyOffers.of(validator).apply(WebsocketClientSpec.builder()).build();
            HttpHeaders clientHeaders = new DefaultHttpHeaders().set("user-agent", HttpClient.USER_AGENT)
                    .set("accept", "*/*");
            String protocols = validator.subprotocols().isEmpty() ? null : String.join(",", validator.subprotocols());
            FullHttpRequest request = new Handshaker(protocols, clientHeaders, spec.maxFramePayloadLength())
                    .newHandshakeRequest();
            request.headers().set("Sec-WebSocket-Key", KEY);
            if (spec.compress()) {
                request = withNettysOffers(request, spec);
            }
            this.request = request;
            this.sent = request.headers().get("Sec-WebSocket-Extensions", "");
        }

        /** The request after the extension handler Reactor Netty's {@code compress(true)} puts in the pipeline. */
        private static FullHttpRequest withNettysOffers(FullHttpRequest request, WebsocketClientSpec spec) {
            int maxBuffer = spec.maxDecompressionBufferSize();
            EmbeddedChannel extensions = new EmbeddedChannel(new WebSocketClientExtensionHandler(
                    new PerMessageDeflateClientExtensionHandshaker(6,
                            ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), 15,
                            spec.compressionAllowClientNoContext(), spec.compressionRequestedServerNoContext(),
                            maxBuffer),
                    new DeflateFrameClientExtensionHandshaker(6, false, maxBuffer),
                    new DeflateFrameClientExtensionHandshaker(6, true, maxBuffer)));
            extensions.writeOutbound(request);
            FullHttpRequest written = extensions.readOutbound();
            extensions.finishAndReleaseAll();
            return written;
        }
    }

    /** Netty's handshaker as Reactor Netty's client makes it, its protected request factory opened up. */
    private static final class Handshaker extends WebSocketClientHandshaker13 {

        Handshaker(String subprotocols, HttpHeaders clientHeaders, int maxFramePayloadLength) {
            super(URL, WebSocketVersion.V13, subprotocols, true, clientHeaders, maxFramePayloadLength);
        }

        @Override
        protected FullHttpRequest newHandshakeRequest() {
            return super.newHandshakeRequest();
        }
    }
}
