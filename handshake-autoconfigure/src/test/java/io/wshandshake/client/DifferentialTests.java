package io.wshandshake.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.ResponseHead;
import io.wshandshake.core.SecWebSocketAccept;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One answer, one verdict: a table of raw answers, each written byte for byte by a {@link ScriptedServer}, judged by
 * core's {@link ResponseHead} plus the engine (what the probe does, with the client's validator) and by the
 * auto-configured client on Tomcat's and on Jetty's container. A verdict is accept, or refuse with its
 * {@code HandshakeError} ({@code TIMEOUT} or {@code TRANSPORT} when the client refused without one). Any
 * disagreement must be in {@code differential-allow-list.txt}, each entry naming the container, the answer, both
 * verdicts and the reason; see docs/security.md. The table grows with every bug found later.
 */
class DifferentialTests {

    private static final String STATUS = "HTTP/1.1 101 Switching Protocols\r\n";

    private static final String VALID = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n"
            + "Sec-WebSocket-Protocol: v1.chat\r\n";

    /** Answer name to raw answer; {@code %s} is the Sec-WebSocket-Accept for the request's key. */
    static final Map<String, String> ANSWERS = new LinkedHashMap<>();

    static {
        ANSWERS.put("valid", STATUS + VALID + "\r\n");
        ANSWERS.put("valid, no reason phrase", "HTTP/1.1 101\r\n" + VALID + "\r\n");
        ANSWERS.put("valid, obs-text in the reason phrase", "HTTP/1.1 101 Umschalt\u00e9\r\n" + VALID + "\r\n");
        ANSWERS.put("valid, names in other ASCII cases", STATUS + VALID.toUpperCase().replace("%S", "%s")
                .replace("V1.CHAT", "v1.chat") + "\r\n");
        ANSWERS.put("valid, deflate with a 15-bit client window", STATUS + VALID
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=15\r\n\r\n");
        ANSWERS.put("status 200", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n" + VALID + "\r\n");
        ANSWERS.put("HTTP/1.0 101", "HTTP/1.0 101 Switching Protocols\r\n" + VALID + "\r\n");
        ANSWERS.put("folded Upgrade ' , h2c'", STATUS + "Upgrade: websocket\r\n , h2c\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: v1.chat\r\n\r\n");
        ANSWERS.put("folded Connection", STATUS + "Upgrade: websocket\r\nConnection: keep-alive,\r\n\tUpgrade\r\n"
                + "Sec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: v1.chat\r\n\r\n");
        ANSWERS.put("space before the colon", STATUS + "Upgrade : websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: v1.chat\r\n\r\n");
        ANSWERS.put("bare LF line ends", (STATUS + VALID + "\r\n").replace("\r\n", "\n"));
        ANSWERS.put("bare CR in Upgrade", STATUS + "Upgrade: web\rsocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: v1.chat\r\n\r\n");
        ANSWERS.put("NUL in another header", STATUS + VALID + "X-Other: a\u0000b\r\n\r\n");
        ANSWERS.put("Kelvin sign in Upgrade (UTF-8)", STATUS + "Upgrade: websoc\u00e2\u0084\u00aaet\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: v1.chat\r\n\r\n");
        ANSWERS.put("long s in Sec-WebSocket-Accept's name (UTF-8)", STATUS + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n\u00c5\u00bfec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: v1.chat"
                + "\r\n\r\n");
        ANSWERS.put("deflate with a 12-bit client window", STATUS + VALID
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=12\r\n\r\n");
        ANSWERS.put("Upgrade on two lines", STATUS + "Upgrade: websocket\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: v1.chat\r\n\r\n");
        ANSWERS.put("two spaces after the version", "HTTP/1.1  101 Switching Protocols\r\n" + VALID + "\r\n");
    }

    @Test
    void everyPathGivesOneVerdictOrAnAllowedOne() throws Exception {
        List<String> allowed = allowList();
        List<String> disagreements = new ArrayList<>();
        List<String> table = new ArrayList<>();
        for (String container : List.of("tomcat", "jetty")) {
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HandshakeAutoConfiguration.class))
                    .withPropertyValues("handshake.container=" + container, "handshake.subprotocols=v1.chat",
                            "handshake.extensions=permessage-deflate; client_max_window_bits",
                            "handshake.connect.timeout=3s")
                    .run(context -> {
                        HandshakeValidator validator = context.getBean(HandshakeValidator.class);
                        WebSocketClient client = context.getBean(WebSocketClient.class);
                        for (Map.Entry<String, String> answer : ANSWERS.entrySet()) {
                            Map<String, String> reference = new ConcurrentHashMap<>();
                            try (ScriptedServer server = new ScriptedServer(key -> {
                                String raw = String.format(answer.getValue(), SecWebSocketAccept.forKey(key));
                                reference.put("verdict", referenceVerdict(validator, key, raw));
                                return raw;
                            })) {
                                String clientVerdict = clientVerdict(client, server);
                                String parserVerdict = reference.getOrDefault("verdict", "NO REQUEST");
                                String row = container + " | " + answer.getKey() + " | " + parserVerdict + " | "
                                        + clientVerdict;
                                table.add(row);
                                if (!parserVerdict.equals(clientVerdict)
                                        && allowed.stream().noneMatch(entry -> entry.startsWith(row + " | "))) {
                                    disagreements.add(row);
                                }
                            }
                        }
                    });
        }
        System.out.println("Differential verdicts (container | answer | parser + engine | client):\n"
                + String.join("\n", table));
        assertThat(disagreements).as("verdicts that differ from the raw-head parser's and are not allowed")
                .isEmpty();
        List<String> stale = allowed.stream()
                .filter(entry -> table.stream().noneMatch(row -> entry.startsWith(row + " | "))).toList();
        assertThat(stale).as("allow-list entries no path needs any more: remove them").isEmpty();
    }

    @Test
    void everyAllowListEntryNamesAContainerAnAnswerBothVerdictsAndAReason() throws IOException {
        Set<String> answers = ANSWERS.keySet();
        for (String entry : allowList()) {
            String[] fields = entry.split(" \\| ", -1);
            assertThat(fields).as(entry).hasSize(5);
            assertThat(fields[0]).as(entry).isIn("tomcat", "jetty");
            assertThat(fields[1]).as(entry).isIn(answers);
            assertThat(fields[2]).as(entry).isNotEqualTo(fields[3]);
            assertThat(fields[4]).as(entry).isNotBlank();
            // Only a container refusing what the parser accepts (fail closed), unless documented as unseeable.
            boolean failClosed = fields[2].equals("ACCEPT") && !fields[3].equals("ACCEPT");
            boolean refusedBoth = !fields[2].equals("ACCEPT") && !fields[3].equals("ACCEPT");
            assertThat(failClosed || refusedBoth || fields[4].contains("docs/security.md")).as(entry).isTrue();
        }
    }

    /** What the probe's path says: core's strict head parser, then the engine with the client's validator. */
    private static String referenceVerdict(HandshakeValidator validator, String key, String raw) {
        try {
            ResponseHead head = ResponseHead.parse(raw.getBytes(StandardCharsets.ISO_8859_1));
            validator.endClientHandshake(validator.clientHandshake(key, validator.subprotocols(),
                    validator.extensions().stream().map(Object::toString).toList()), head.status(), head.headers());
            return "ACCEPT";
        }
        catch (HandshakeException ex) {
            return "REFUSE " + ex.error();
        }
    }

    private static String clientVerdict(WebSocketClient client, ScriptedServer server) throws InterruptedException {
        CompletableFuture<WebSocketSession> future = client.execute(new RecordingHandler(), server.uri().toString());
        try {
            WebSocketSession session = future.get(15, TimeUnit.SECONDS);
            session.close();
            return "ACCEPT";
        }
        catch (ExecutionException ex) {
            return HandshakeException.find(ex).map(found -> "REFUSE " + found.error())
                    .orElse((ex.getCause() instanceof java.util.concurrent.TimeoutException) ? "TIMEOUT"
                            : "TRANSPORT");
        }
        catch (java.util.concurrent.TimeoutException | IOException ex) {
            return "TIMEOUT";
        }
    }

    /** The entries of the allow-list: one a line, {@code #} comments and blank lines skipped. */
    static List<String> allowList() throws IOException {
        try (InputStream in = DifferentialTests.class.getResourceAsStream("differential-allow-list.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toList());
        }
    }
}
