package io.wshandshake.sample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.wshandshake.sample.probe.HandshakeProbe;
import io.wshandshake.sample.probe.ProbeCommand;
import io.wshandshake.sample.probe.ProbeReport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample in-process: its demonstration runs at start-up against its own server, the metrics show the
 * handshakes, and the probe judges a compliant and a misbehaving server with the right exit codes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private RogueServer rogueServer;

    @Autowired
    private HandshakeDemo demo;

    @Test
    void theDemonstrationLogsWhatWasNegotiatedAndARefusal() throws Exception {
        assertThat(String.join("\n", DemoOutput.of(() -> this.demo.run(this.port)))).contains("Offering subprotocols #0 v3.chat, #1 v1.chat, #2 v2.chat")
                .contains("Server chose subprotocol v1.chat (offer #1)")
                .contains("Server chose extension permessage-deflate (offer #0)")
                .contains("Round trip: sent \"hello over a validated handshake\", received "
                        + "\"echo: hello over a validated handshake\"")
                .contains("Handshake refused as it should be: UNSUPPORTED_SUBPROTOCOL (SUBPROTOCOL_NOT_OFFERED)")
                .contains("/actuator/metrics/websocket.client.handshake");
    }

    @Test
    void theMetricsEndpointShowsTheHandshakesWithTheirTags() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + this.port + "/actuator/metrics/websocket.client.handshake")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"SUCCESS\"").contains("\"UNSUPPORTED_SUBPROTOCOL\"")
                .contains("\"v1.chat\"").contains("\"permessage-deflate\"");
    }

    @Test
    void probeOfACompliantServerPassesEveryCheck() {
        Probed probed = probe("ws://localhost:" + this.port + "/chat", List.of("v2.chat"),
                List.of("permessage-deflate; client_max_window_bits"));
        assertThat(probed.exitCode()).isEqualTo(ProbeReport.EXIT_OK);
        assertThat(probed.output()).contains("  < HTTP/1.1 101").containsIgnoringCase("< Sec-WebSocket-Accept: ")
                .doesNotContain("[FAIL]").doesNotContain("[SKIP]")
                .contains("subprotocol: v2.chat (offer 0)").contains("extension:   permessage-deflate")
                .contains("RESULT: OK (exit code 0)");
        assertThat(probed.output().lines().filter(line -> line.startsWith("  [PASS]"))).hasSize(10);
    }

    @Test
    void probeOfAMisbehavingServerNamesTheFailedCheck() {
        Probed probed = probe(this.rogueServer.uri(), List.of("v1.chat"), List.of());
        assertThat(probed.exitCode()).isEqualTo(ProbeReport.EXIT_HANDSHAKE_FAILURE);
        assertThat(probed.output()).contains("  < Sec-WebSocket-Protocol: v9.chat")
                .contains("  [PASS] Sec-WebSocket-Accept appears once and matches the key")
                .contains("  [FAIL] The chosen subprotocol was offered")
                .contains("  [SKIP] The chosen extensions were offered")
                .contains("RESULT: HANDSHAKE FAILURE UNSUPPORTED_SUBPROTOCOL (SUBPROTOCOL_NOT_OFFERED)");
    }

    @Test
    void probeShowsANon101AnswerAsSent() {
        Probed probed = probe("ws://localhost:" + this.port + "/no-such-endpoint", List.of(), List.of());
        assertThat(probed.exitCode()).isEqualTo(ProbeReport.EXIT_HANDSHAKE_FAILURE);
        assertThat(probed.output()).contains("  < HTTP/1.1 404").contains("  [FAIL] Status is 101");
    }

    @Test
    void probeOfAClosedPortIsATransportFailureAndSaysNoRequestWasSent() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Probed probed = probe("ws://127.0.0.1:" + closed + "/", List.of(), List.of());
        assertThat(probed.exitCode()).isEqualTo(ProbeReport.EXIT_TRANSPORT_FAILURE);
        assertThat(probed.output()).doesNotContain("Request sent")
                .contains("No request sent: could not connect to 127.0.0.1:" + closed + ": Connection refused")
                .contains("RESULT: TRANSPORT FAILURE (exit code 3)");
    }

    @Test
    void probeCommandReturnsTheExitCode() {
        assertThat(command("--probe.url=ws://localhost:" + this.port + "/chat", "--probe.subprotocols=v1.chat")
                .exitCode()).isEqualTo(ProbeReport.EXIT_OK);
        assertThat(command("--probe.url=" + this.rogueServer.uri(), "--probe.subprotocols=v1.chat").exitCode())
                .isEqualTo(ProbeReport.EXIT_HANDSHAKE_FAILURE);
        assertThat(command("--probe.url=http://localhost/").exitCode()).isEqualTo(ProbeCommand.EXIT_USAGE);
    }

    private static Probed command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exitCode = ProbeCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8), args);
        return new Probed(exitCode, out.toString(StandardCharsets.UTF_8));
    }

    private static Probed probe(String url, List<String> subprotocols, List<String> extensions) {
        ProbeReport report = new HandshakeProbe().probe(URI.create(url), subprotocols, extensions, true,
                Duration.ofSeconds(5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Probed(report.exitCode(), out.toString(StandardCharsets.UTF_8));
    }

    private record Probed(int exitCode, String output) {
    }
}
