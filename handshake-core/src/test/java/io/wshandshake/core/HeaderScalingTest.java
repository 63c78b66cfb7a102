package io.wshandshake.core;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Linear work and bounded memory for any number of lines of any header: the bytes one validation allocates are
 * counted (not timed) for growing line counts of each header kind. Copying the list for every further line, as the
 * validator once did for the five headers it reads, allocates quadratically: 16 times the lines cost 256 times the
 * bytes. With the limit on the header size, what a larger answer costs stops growing at the limit.
 */
class HeaderScalingTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean) ? bean : null;

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final HandshakeValidator unlimited = HandshakeValidator.builder().subprotocols(List.of("chat"))
            .extensions(List.of("permessage-deflate")).maxHeaderSize(Integer.MAX_VALUE).build();

    private final HandshakeValidator defaultLimit = HandshakeValidator.builder().subprotocols(List.of("chat"))
            .extensions(List.of("permessage-deflate")).build();

    @BeforeAll
    static void allocationsCanBeCounted() {
        assumeTrue(THREADS != null && THREADS.isThreadAllocatedMemorySupported(),
                "this JVM does not count the bytes a thread allocates");
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol",
            "Sec-WebSocket-Extensions", "X-Other" })
    void theBytesAValidationAllocatesGrowLinearlyWithTheLinesOfAnyHeader(String name) {
        long small = allocatedBytes(this.unlimited, answer(name, 1_000));
        long large = allocatedBytes(this.unlimited, answer(name, 16_000));
        // Linear: about 16 times; quadratic would be about 256 times.
        assertThat(large).as("bytes for 16,000 %s lines against %d for 1,000", name, small).isLessThan(32 * small);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Upgrade", "Connection", "Sec-WebSocket-Accept", "Sec-WebSocket-Protocol",
            "Sec-WebSocket-Extensions", "X-Other" })
    void pastTheSizeLimitMoreLinesCostNothingMore(String name) {
        // 10,000 lines of at least 11 characters already pass the 64 KiB limit.
        long atLimit = allocatedBytes(this.defaultLimit, answer(name, 10_000));
        long farPast = allocatedBytes(this.defaultLimit, answer(name, 160_000));
        assertThat(farPast).as("bytes for 160,000 %s lines against %d for 10,000", name, atLimit)
                .isLessThan(2 * atLimit + 4096);
    }

    /** A valid answer but for {@code lines} empty lines of {@code name}, before its own line if it has one. */
    private static Map<String, List<String>> answer(String name, int lines) {
        Map<String, List<String>> answer = ServerAnswer.validFor(KEY).protocol("chat")
                .extensions("permessage-deflate").headers();
        List<String> all = new ArrayList<>(Collections.nCopies(lines, ""));
        List<String> own = answer.get(name);
        if (own != null) {
            all.addAll(own);
        }
        answer.put(name, all);
        return answer;
    }

    /** The fewest bytes one validation allocated in several runs, after a warm-up (the JIT only lowers the count). */
    private static long allocatedBytes(HandshakeValidator validator, Map<String, List<String>> answer) {
        long fewest = Long.MAX_VALUE;
        for (int run = 0; run < 8; run++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                validator.endClientHandshake(KEY, 101, answer);
            }
            catch (HandshakeException ex) {
                // refusals are work too
            }
            fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }
}
