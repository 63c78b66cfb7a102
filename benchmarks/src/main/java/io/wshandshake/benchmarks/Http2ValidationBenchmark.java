package io.wshandshake.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeMode;
import io.wshandshake.core.HandshakeResult;
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

/**
 * Completing the same negotiation (a subprotocol of five, permessage-deflate with four parameters) over HTTP/1.1 and
 * over HTTP/2 (RFC 8441): the HTTP/2 answer has no {@code Upgrade}, {@code Connection} or accept to check (no SHA-1),
 * and one pass over its field names for the connection-specific ones instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Http2ValidationBenchmark {

    private HandshakeValidator validator;

    private ClientHandshake overHttp11;

    private ClientHandshake overHttp2;

    private Map<String, List<String>> http11Answer;

    private Map<String, List<String>> http2Answer;

    @Setup
    public void setUp() {
        this.validator = HandshakeValidator.builder().subprotocols(Answers.FIVE_SUBPROTOCOLS)
                .extensions(List.of(Answers.DEFLATE_OFFER))
                .negotiator(PerMessageDeflateNegotiator.withMinimumClientWindowBits(15)).build();
        this.overHttp11 = this.validator.clientHandshake(Answers.KEY, Answers.FIVE_SUBPROTOCOLS,
                List.of(Answers.DEFLATE_OFFER));
        this.overHttp2 = this.validator.beginClientHandshake(HandshakeMode.HTTP_2);
        this.http11Answer = Answers.deflate();
        this.http2Answer = new LinkedHashMap<>();
        this.http2Answer.put("date", List.of("Thu, 26 Nov 2026 07:00:00 GMT"));
        this.http2Answer.put("sec-websocket-protocol", List.of("graphql-transport-ws"));
        this.http2Answer.put("sec-websocket-extensions", List.of(Answers.DEFLATE_ANSWER));
    }

    @Benchmark
    public HandshakeResult deflateOverHttp11() {
        return this.validator.endClientHandshake(this.overHttp11, 101, this.http11Answer);
    }

    @Benchmark
    public HandshakeResult deflateOverHttp2() {
        return this.validator.endClientHandshake(this.overHttp2, 200, this.http2Answer);
    }
}
