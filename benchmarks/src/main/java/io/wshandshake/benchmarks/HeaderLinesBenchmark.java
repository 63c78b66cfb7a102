package io.wshandshake.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
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
 * Many lines of one header: 1,000 and 16,000 empty lines of each header the validator reads, and of one it does not,
 * before that header's own line. With the header limit raised so the validator reads them all, the cost must grow
 * with the line count, no faster, whatever the header; with the default 64 KiB limit it stops growing at the limit.
 * (Copying the list per line once made 80,000 empty {@code Upgrade} lines cost 1,950 ms.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeaderLinesBenchmark {

    @Param({ "Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions",
            "X-Other" })
    public String header;

    @Param({ "1000", "16000" })
    public int lines;

    private HandshakeValidator unlimited;

    private HandshakeValidator defaultLimit;

    private Map<String, List<String>> answer;

    @Setup
    public void setUp() {
        this.unlimited = HandshakeValidator.builder().subprotocols(Answers.FIVE_SUBPROTOCOLS)
                .extensions(List.of(Answers.DEFLATE_OFFER)).maxHeaderSize(Integer.MAX_VALUE).build();
        this.defaultLimit = HandshakeValidator.builder().subprotocols(Answers.FIVE_SUBPROTOCOLS)
                .extensions(List.of(Answers.DEFLATE_OFFER)).build();
        this.answer = Answers.deflate();
        List<String> all = new ArrayList<>(Collections.nCopies(this.lines, ""));
        List<String> own = this.answer.get(this.header);
        if (own != null) {
            all.addAll(own);
        }
        this.answer.put(this.header, all);
    }

    @Benchmark
    public Object readAll() {
        return verdict(this.unlimited);
    }

    @Benchmark
    public Object defaultLimit() {
        return verdict(this.defaultLimit);
    }

    private Object verdict(HandshakeValidator validator) {
        try {
            HandshakeResult result = validator.endClientHandshake(Answers.KEY, 101, this.answer);
            return result;
        }
        catch (HandshakeException ex) {
            return ex;
        }
    }
}
