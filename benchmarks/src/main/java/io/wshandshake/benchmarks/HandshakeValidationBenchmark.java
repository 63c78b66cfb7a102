package io.wshandshake.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.ExtensionElement;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateNegotiator;
import jakarta.websocket.Extension;
import okhttp3.Headers;
import okhttp3.internal.ws.WebSocketExtensions;
import org.apache.tomcat.websocket.TransformationFactory;
import org.apache.tomcat.websocket.Util;
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

/**
 * Completing a client handshake: the floor (base64(SHA-1(key + GUID)) with the JDK), our full validation on three
 * typical answers, and what Netty, OkHttp and Tomcat do on the same answers, as far as their code is callable:
 * <ul>
 * <li>Netty: {@code WebSocketClientHandshaker13} checks (status, Upgrade, Connection, Accept, subprotocol), plus its
 * extension header parsing and permessage-deflate client handshaker for the deflate answer;</li>
 * <li>OkHttp: {@code WebSocketExtensions.parse}, its extension header parsing and permessage-deflate reading (its
 * upgrade checks are internal to {@code RealWebSocket});</li>
 * <li>Tomcat: {@code Util.parseExtensionHeader} alone, and with its permessage-deflate negotiation, which cannot be
 * called without building the transformation and so its {@code Deflater} and {@code Inflater} (it checks nothing
 * else).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HandshakeValidationBenchmark {

    private static final byte[] GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11".getBytes(StandardCharsets.US_ASCII);

    private HandshakeValidator plainValidator;

    private HandshakeValidator subprotocolValidator;

    private HandshakeValidator deflateValidator;

    private ClientHandshake plain;

    private ClientHandshake subprotocol;

    private ClientHandshake deflate;

    private Map<String, List<String>> minimalAnswer;

    private Map<String, List<String>> subprotocolAnswer;

    private Map<String, List<String>> deflateAnswer;

    private NettyHandshaker nettyPlain;

    private NettyHandshaker nettySubprotocol;

    private FullHttpResponse nettyMinimalResponse;

    private FullHttpResponse nettySubprotocolResponse;

    private FullHttpResponse nettyDeflateResponse;

    private PerMessageDeflateClientExtensionHandshaker nettyDeflate;

    private Headers okHttpDeflateHeaders;

    @Setup
    public void setUp() {
        this.plainValidator = HandshakeValidator.builder().build();
        this.subprotocolValidator = HandshakeValidator.builder().subprotocols(Answers.FIVE_SUBPROTOCOLS).build();
        this.deflateValidator = HandshakeValidator.builder().subprotocols(Answers.FIVE_SUBPROTOCOLS)
                .extensions(List.of(Answers.DEFLATE_OFFER))
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build();
        this.plain = this.plainValidator.clientHandshake(Answers.KEY, List.of(), List.of());
        this.subprotocol = this.subprotocolValidator.clientHandshake(Answers.KEY, Answers.FIVE_SUBPROTOCOLS,
                List.of());
        this.deflate = this.deflateValidator.clientHandshake(Answers.KEY, Answers.FIVE_SUBPROTOCOLS,
                List.of(Answers.DEFLATE_OFFER));
        this.minimalAnswer = Answers.minimal();
        this.subprotocolAnswer = Answers.subprotocol();
        this.deflateAnswer = Answers.deflate();

        this.nettyPlain = new NettyHandshaker(null);
        this.nettySubprotocol = new NettyHandshaker(String.join(",", Answers.FIVE_SUBPROTOCOLS));
        this.nettyMinimalResponse = nettyResponse(this.nettyPlain.expectedAccept(), Answers.minimal());
        this.nettySubprotocolResponse = nettyResponse(this.nettySubprotocol.expectedAccept(), Answers.subprotocol());
        this.nettyDeflateResponse = nettyResponse(this.nettySubprotocol.expectedAccept(), Answers.deflate());
        this.nettyDeflate = new PerMessageDeflateClientExtensionHandshaker(6, false, 15, true, true);

        this.okHttpDeflateHeaders = new Headers.Builder().add("Sec-WebSocket-Extensions", Answers.DEFLATE_ANSWER)
                .build();
    }

    private static FullHttpResponse nettyResponse(String accept, Map<String, List<String>> answer) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS);
        answer.forEach((name, values) -> response.headers().add(name, values));
        response.headers().set("Sec-WebSocket-Accept", accept);
        return response;
    }

    @Benchmark
    public String floorSha1Base64() throws NoSuchAlgorithmException {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(Answers.KEY.getBytes(StandardCharsets.ISO_8859_1));
        sha1.update(GUID);
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    @Benchmark
    public HandshakeResult oursMinimal() {
        return this.plainValidator.endClientHandshake(this.plain, 101, this.minimalAnswer);
    }

    @Benchmark
    public HandshakeResult oursSubprotocol() {
        return this.subprotocolValidator.endClientHandshake(this.subprotocol, 101, this.subprotocolAnswer);
    }

    @Benchmark
    public HandshakeResult oursDeflate() {
        return this.deflateValidator.endClientHandshake(this.deflate, 101, this.deflateAnswer);
    }

    /** Our §9.1 parsing alone, the part OkHttp's and Tomcat's extension parsing compare with. */
    @Benchmark
    public ExtensionElement oursExtensionParsing() {
        return ExtensionElement.parse(Answers.DEFLATE_ANSWER);
    }

    @Benchmark
    public FullHttpResponse nettyMinimal() {
        return this.nettyPlain.check(this.nettyMinimalResponse);
    }

    @Benchmark
    public FullHttpResponse nettySubprotocol() {
        return this.nettySubprotocol.check(this.nettySubprotocolResponse);
    }

    @Benchmark
    public WebSocketClientExtension nettyDeflate() {
        this.nettySubprotocol.check(this.nettyDeflateResponse);
        List<WebSocketExtensionData> extensions = WebSocketExtensionUtil
                .extractExtensions(this.nettyDeflateResponse.headers().get("Sec-WebSocket-Extensions"));
        return this.nettyDeflate.handshakeExtension(extensions.get(0));
    }

    @Benchmark
    public WebSocketExtensions okHttpDeflateExtensions() throws java.io.IOException {
        return WebSocketExtensions.Companion.parse(this.okHttpDeflateHeaders);
    }

    @Benchmark
    public List<Extension> tomcatExtensionParsing() {
        List<Extension> extensions = new ArrayList<>(1);
        Util.parseExtensionHeader(extensions, Answers.DEFLATE_ANSWER);
        return extensions;
    }

    @Benchmark
    public Object tomcatDeflateExtensions() throws java.io.IOException {
        List<Extension> extensions = new ArrayList<>(1);
        Util.parseExtensionHeader(extensions, Answers.DEFLATE_ANSWER);
        return TransformationFactory.getInstance().create(extensions.get(0).getName(),
                List.of(extensions.get(0).getParameters()), false);
    }
}
