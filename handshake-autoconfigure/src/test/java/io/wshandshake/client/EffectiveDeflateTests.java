package io.wshandshake.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.PerMessageDeflateParameters;
import io.wshandshake.core.SecWebSocketAccept;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 7692 section 7.1.1.2 on Tomcat's client, over a real socket: a client that offered
 * {@code client_no_context_takeover} resets its compressor after every message even when the server's answer leaves
 * the parameter out, because a server may rely on the offer and decompress each message on its own. The server here
 * does exactly that: it answers plain {@code permessage-deflate} and inflates every message with a fresh inflater.
 */
class EffectiveDeflateTests {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    /** Long and repeated, so that a compressor that keeps its context sends the second as a back-reference. */
    private static final String MESSAGE = "the same message, twice over, long enough to be worth a back-reference";

    @Test
    void anOfferedClientNoContextTakeoverIsHonouredThoughTheAnswerLeavesItOut() throws Exception {
        List<byte[]> frames = exchange("permessage-deflate; client_no_context_takeover");
        assertThat(frames).hasSize(2);
        assertThat(inflateAlone(frames.get(0))).isEqualTo(MESSAGE);
        assertThat(inflateAlone(frames.get(1))).isEqualTo(MESSAGE);
    }

    @Test
    void withoutTheOfferTheClientKeepsItsContextAsTheAnswerAllows() throws Exception {
        List<byte[]> frames = exchange("permessage-deflate");
        assertThat(frames).hasSize(2);
        assertThat(inflateAlone(frames.get(0))).isEqualTo(MESSAGE);
        // The second message refers back into the first: alone it does not inflate to the text.
        assertThat(frames.get(1).length).isLessThan(frames.get(0).length);
        assertThat(inflatesAloneTo(frames.get(1), MESSAGE)).isFalse();
    }

    /** Offers, gets plain permessage-deflate back, sends MESSAGE twice; returns the two compressed payloads. */
    private List<byte[]> exchange(String offer) throws Exception {
        HandshakeValidator validator = HandshakeValidator.builder().extensions(List.of(offer))
                .negotiator(TransportLimits.jdkDeflaterNegotiator()).build();
        ValidatingWebSocketClient client = new ValidatingWebSocketClientBuilder(validator).build();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<byte[]>> received = CompletableFuture.supplyAsync(() -> serveOnce(server));
            WebSocketSession session = client.execute(new RecordingHandler(),
                    URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/").toString()).get(10, TimeUnit.SECONDS);
            HandshakeResult result = HandshakeAttributes.result(session).orElseThrow();
            boolean offered = offer.contains("client_no_context_takeover");
            assertThat(result.perMessageDeflate()).contains(new PerMessageDeflateParameters(false, offered, 15, 15));
            session.sendMessage(new TextMessage(MESSAGE));
            session.sendMessage(new TextMessage(MESSAGE));
            List<byte[]> frames = received.get(10, TimeUnit.SECONDS);
            session.close();
            return frames;
        }
        finally {
            client.destroy();
        }
    }

    private static List<byte[]> serveOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            Matcher key = KEY.matcher(readHead(in));
            if (!key.find()) {
                throw new IllegalStateException("no key in the request");
            }
            socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key.group(1))
                    + "\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            DataInputStream frames = new DataInputStream(in);
            List<byte[]> payloads = new ArrayList<>();
            while (payloads.size() < 2) {
                payloads.add(readCompressedTextFrame(frames));
            }
            return payloads;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client closed before the end of its request");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** One masked client frame (RFC 6455 section 5.2): FIN, RSV1 and opcode 1 expected; the unmasked payload. */
    private static byte[] readCompressedTextFrame(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        assertThat(first).as("FIN, RSV1 (compressed), text").isEqualTo(0xC1);
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        }
        else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return payload;
    }

    /** Inflates one message with a fresh inflater, as a server without context does (RFC 7692 section 7.2.2). */
    private static String inflateAlone(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = new byte[payload.length + 4];
            System.arraycopy(payload, 0, input, 0, payload.length);
            input[payload.length + 2] = (byte) 0xFF;
            input[payload.length + 3] = (byte) 0xFF;
            inflater.setInput(input);
            byte[] output = new byte[4096];
            int n = inflater.inflate(output);
            return new String(output, 0, n, StandardCharsets.UTF_8);
        }
        finally {
            inflater.end();
        }
    }

    private static boolean inflatesAloneTo(byte[] payload, String text) {
        try {
            return inflateAlone(payload).equals(text);
        }
        catch (DataFormatException ex) {
            return false;
        }
    }
}
