package io.wshandshake.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeValidator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A hostile {@code Sec-WebSocket-Extensions} of 64 KiB and 1 MiB: thousands of extensions with parameters, parsed
 * in full before the first is found not offered. With the header limit raised so the parser sees it all, the cost
 * must grow with the size, no faster; with the default 64 KiB limit a larger answer is refused before parsing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HostileHeaderBenchmark {

    @Param({ "65536", "1048576" })
    public int size;

    private HandshakeValidator unlimited;

    private HandshakeValidator defaultLimit;

    private ClientHandshake handshake;

    private Map<String, List<String>> answer;

    @Setup
    public void setUp() {
        this.unlimited = HandshakeValidator.builder().extensions(List.of("permessage-deflate"))
                .maxHeaderSize(4 * 1024 * 1024).build();
        this.defaultLimit = HandshakeValidator.builder().extensions(List.of("permessage-deflate")).build();
        this.handshake = this.unlimited.clientHandshake(Answers.KEY, List.of(), List.of("permessage-deflate"));
        String element = "x-evil; a=1; b=\"2\", ";
        StringBuilder value = new StringBuilder(this.size);
        while (value.length() + element.length() <= this.size) {
            value.append(element);
        }
        this.answer = Answers.minimal();
        this.answer.put("Sec-WebSocket-Extensions", List.of(value.toString()));
    }

    @Benchmark
    public HandshakeException parseAll() {
        return refusal(this.unlimited);
    }

    @Benchmark
    public HandshakeException defaultLimit() {
        return refusal(this.defaultLimit);
    }

    private HandshakeException refusal(HandshakeValidator validator) {
        try {
            validator.endClientHandshake(this.handshake, 101, this.answer);
            throw new IllegalStateException("the hostile answer was accepted");
        }
        catch (HandshakeException ex) {
            return ex;
        }
    }
}
