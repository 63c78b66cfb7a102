package io.wshandshake.sample.probe;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe as a command line: what it accepts, and that every refusal names the option and exits with 64. */
class ProbeCommandTests {

    @Test
    void anyProbeOptionMeansTheProbeNotTheDemonstration() {
        assertThat(ProbeOptions.isProbe("--probe.url", "ws://localhost/chat")).isTrue();
        assertThat(ProbeOptions.isProbe("--probe.timeout=5s")).isTrue();
        assertThat(ProbeOptions.isProbe("--server.port=0")).isFalse();
        assertThat(ProbeOptions.isProbe()).isFalse();
    }

    @Test
    void aBareUrlOptionIsRefusedAndNamed() {
        // "--probe.url ws://..." with a space: once, this started the demonstration server on :8080.
        Run run = run("--probe.url", "ws://localhost:8080/chat");
        assertThat(run.exitCode()).isEqualTo(ProbeCommand.EXIT_USAGE);
        assertThat(run.output()).startsWith("Cannot probe: --probe.url needs a value after '=', as in "
                + "--probe.url=wss://example.org/socket").contains("Usage: --probe.url=");
    }

    @Test
    void aNegativeTimeoutIsRefusedAndNamed() {
        Run run = run("--probe.url=ws://localhost/chat", "--probe.timeout=-1s");
        assertThat(run.exitCode()).isEqualTo(ProbeCommand.EXIT_USAGE);
        assertThat(run.output()).startsWith("Cannot probe: --probe.timeout=-1s is not a positive duration");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --probe.timeout=soon                      | --probe.timeout=soon is not a positive duration
            --probe.timeout=0s                        | --probe.timeout=0s is not a positive duration
            --probe.timeout                           | --probe.timeout needs a value
            --probe.subprotocol-required=maybe        | --probe.subprotocol-required=maybe is neither true nor false
            --probe.subprotocols=v1.chat,bad value    | --probe.subprotocols=v1.chat,bad value: Subprotocol offer [1]
            --probe.subprotocols=v1.chat,v1.chat      | --probe.subprotocols=v1.chat,v1.chat: Subprotocol offer [1]
            --probe.extensions=permessage-deflate; x=1 | --probe.extensions=permessage-deflate; x=1:
            --probe.url=http://localhost/             | --probe.url=http://localhost/ is not a ws:// or wss:// URL
            --probe.url=ws://                         | --probe.url=ws:// is not a ws:// or wss:// URL
            --probe.urls=ws://localhost/              | Unknown option --probe.urls=ws://localhost/
            --server.port=1                           | Unknown option --server.port=1
            """)
    void everyBadOptionIsNamed(String option, String message) {
        List<String> args = option.startsWith("--probe.url") ? List.of(option)
                : List.of("--probe.url=ws://localhost/chat", option);
        Run run = run(args.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(ProbeCommand.EXIT_USAGE);
        assertThat(run.output()).startsWith("Cannot probe: " + message);
    }

    @Test
    void aMissingUrlOrAStrayArgumentIsNamed() {
        assertThat(run("--probe.subprotocols=v1.chat").output())
                .startsWith("Cannot probe: --probe.url is missing");
        assertThat(run("--probe.url=ws://localhost/chat", "v1.chat").output())
                .startsWith("Cannot probe: Unexpected argument \"v1.chat\"");
        assertThat(run("--probe.url=ws://localhost/a", "--probe.url=ws://localhost/b").output())
                .startsWith("Cannot probe: --probe.url is given more than once");
    }

    @Test
    void optionsAreReadAsDocumented() {
        ProbeOptions options = ProbeOptions.parse("--probe.url=wss://example.org/socket",
                "--probe.subprotocols=v12.stomp,v11.stomp", "--probe.extensions=permessage-deflate; client_max_window_bits",
                "--probe.subprotocol-required=false", "--probe.timeout=5s");
        assertThat(options.url()).hasToString("wss://example.org/socket");
        assertThat(options.subprotocols()).containsExactly("v12.stomp", "v11.stomp");
        assertThat(options.extensions()).containsExactly("permessage-deflate; client_max_window_bits");
        assertThat(options.subprotocolRequired()).isFalse();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ProbeOptions.parse("--probe.url=ws://localhost/").timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exitCode = ProbeCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), args);
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {
    }
}
