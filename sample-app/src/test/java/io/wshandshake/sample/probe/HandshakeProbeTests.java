package io.wshandshake.sample.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wshandshake.core.FailureReason;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.SecWebSocketAccept;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe reads the raw answer with core's strict {@code ResponseHead} and judges it by the client's rules: a
 * scripted server on a real loopback socket writes the bytes.
 */
class HandshakeProbeTests {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private static final String HEAD = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n";

    @Test
    void aValidAnswerIsOk() throws Exception {
        ProbeReport report = probe(HEAD + "\r\n", List.of());
        assertThat(report.exitCode()).isEqualTo(ProbeReport.EXIT_OK);
        assertThat(print(report)).contains("  [PASS] The answer's head is well-formed HTTP/1.1");
    }

    @Test
    void aFoldedUpgradeIsRefusedNotJudgedInPart() throws Exception {
        assertThat(reason(probe(HEAD + "Upgrade: websocket\r\n , h2c\r\n\r\n", List.of())))
                .isEqualTo(FailureReason.RESPONSE_MALFORMED);
    }

    @Test
    void spaceBeforeTheColonIsRefused() throws Exception {
        String answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade : websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: %s\r\n\r\n";
        ProbeReport report = probe(answer, List.of());
        assertThat(reason(report)).isEqualTo(FailureReason.RESPONSE_MALFORMED);
        assertThat(print(report)).contains("  [FAIL] The answer's head is well-formed").contains("before its colon");
    }

    @Test
    void http10SwitchingProtocolsIsRefused() throws Exception {
        assertThat(reason(probe(HEAD.replace("HTTP/1.1", "HTTP/1.0") + "\r\n", List.of())))
                .isEqualTo(FailureReason.RESPONSE_MALFORMED);
    }

    @Test
    void aBareLfAnswerIsRefusedAtOnceNotAtTheDeadline() throws Exception {
        // The server keeps the connection open: a reader waiting for CRLF CRLF would wait the whole minute.
        ProbeReport report = probe(HEAD.replace("\r\n", "\n") + "\n", List.of(), Duration.ofMinutes(1));
        assertThat(reason(report)).isEqualTo(FailureReason.RESPONSE_MALFORMED);
        assertThat(print(report)).contains("bare LF");
    }

    @Test
    void aClientWindowTheClientsCompressorCannotUseIsRefusedAsTheClientRefusesIt() throws Exception {
        ProbeReport report = probe(HEAD + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=12"
                + "\r\n\r\n", List.of("permessage-deflate; client_max_window_bits"));
        assertThat(reason(report)).isEqualTo(FailureReason.EXTENSION_PARAMETERS_REJECTED);
        assertThat(print(report)).doesNotContain("RESULT: OK").contains("15 bits");
        ProbeReport fifteen = probe(HEAD + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=15"
                + "\r\n\r\n", List.of("permessage-deflate; client_max_window_bits"));
        assertThat(fifteen.exitCode()).isEqualTo(ProbeReport.EXIT_OK);
    }

    private static FailureReason reason(ProbeReport report) {
        assertThat(report.exitCode()).isEqualTo(ProbeReport.EXIT_HANDSHAKE_FAILURE);
        return report.handshakeFailure().map(HandshakeException::reason).orElseThrow();
    }

    private static String print(ProbeReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ProbeReport probe(String answer, List<String> extensions) throws Exception {
        return probe(answer, extensions, Duration.ofSeconds(10));
    }

    /** Probes a one-connection server that answers {@code answer} (with %s for the accept value), then waits. */
    static ProbeReport probe(String answer, List<String> extensions, Duration timeout) throws Exception {
        return probe(key -> String.format(answer, SecWebSocketAccept.forKey(key)), extensions, timeout);
    }

    private static ProbeReport probe(UnaryOperator<String> script, List<String> extensions, Duration timeout)
            throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread thread = new Thread(() -> answerOnce(server, script), "probe-script");
            thread.setDaemon(true);
            thread.start();
            return new HandshakeProbe().probe(URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/"), List.of(),
                    extensions, false, timeout);
        }
    }

    private static void answerOnce(ServerSocket server, UnaryOperator<String> script) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.write(b);
            }
            Matcher key = KEY.matcher(head.toString(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(script.apply(key.find() ? key.group(1) : "")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // Keep the connection open until the probe closes it.
            while (in.read() >= 0) {
                // nothing
            }
        }
        catch (IOException ex) {
            // the probe closed the connection
        }
    }
}
