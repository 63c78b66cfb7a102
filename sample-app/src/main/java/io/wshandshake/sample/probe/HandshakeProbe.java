package io.wshandshake.sample.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.wshandshake.client.TransportLimits;
import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;
import io.wshandshake.core.ResponseHead;

/**
 * Drives the validator's begin/end API over its own socket (TLS from the JDK for wss://), because Tomcat's client
 * hides non-101 answers and lowercases header names: the probe sees the answer exactly as the server sent it. It
 * reads the answer's head with core's strict {@link ResponseHead} and judges it by the auto-configured client's
 * rules (its 15-bit compressor window included), so that it explains the client's verdict rather than another.
 */
public final class HandshakeProbe {

    /** The most of a response head the probe reads. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    private final SSLSocketFactory sslSocketFactory;

    public HandshakeProbe() {
        this((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    HandshakeProbe(SSLSocketFactory sslSocketFactory) {
        this.sslSocketFactory = sslSocketFactory;
    }

    /**
     * Probes the server.
     * @throws IllegalArgumentException if the URL or an offer is not valid
     */
    public ProbeReport probe(URI url, List<String> subprotocols, List<String> extensions,
            boolean subprotocolRequired, Duration timeout) {
        String scheme = (url != null && url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("ws") && !scheme.equals("wss") || url.getHost() == null) {
            throw new IllegalArgumentException("probe.url must be a ws:// or wss:// URL with a host, not " + url);
        }
        // The client's rules, not only the RFC's: its compressor (the JDK's Deflater, on Tomcat and on Jetty) has a
        // 15-bit window, so the probe refuses what the client refuses, e.g. client_max_window_bits=12.
        HandshakeValidator validator = HandshakeValidator.builder().subprotocolRequired(subprotocolRequired)
                .negotiator(TransportLimits.jdkDeflaterNegotiator()).build();
        ClientHandshake handshake = validator.beginClientHandshake(subprotocols, extensions);
        String request = request(url, handshake);
        Answer answer;
        try {
            answer = exchange(url, scheme.equals("wss"), request, timeout);
        }
        catch (NotSentException ex) {
            return ProbeReport.notSent(url, handshake, ex.getMessage(), ex.failure());
        }
        catch (IOException ex) {
            return ProbeReport.transportFailure(url, handshake, request, ex);
        }
        RawResponse response = RawResponse.parse(answer.text());
        if (answer.malformed() != null) {
            return ProbeReport.handshakeFailure(url, handshake, request, response, answer.malformed());
        }
        try {
            HandshakeResult result = validator.endClientHandshake(handshake, answer.head().status(),
                    answer.head().headers());
            return ProbeReport.success(url, handshake, request, response, result);
        }
        catch (HandshakeException ex) {
            return ProbeReport.handshakeFailure(url, handshake, request, response, ex);
        }
    }

    private static String request(URI url, ClientHandshake handshake) {
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(url.getHost());
        if (url.getPort() != -1) {
            request.append(':').append(url.getPort());
        }
        request.append("\r\n");
        for (Map.Entry<String, List<String>> header : handshake.requestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                request.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        return request.append("\r\n").toString();
    }

    private Answer exchange(URI url, boolean secure, String request, Duration timeout) throws IOException {
        int port = (url.getPort() != -1) ? url.getPort() : (secure ? 443 : 80);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = secure ? this.sslSocketFactory.createSocket() : new Socket()) {
            try {
                socket.connect(new InetSocketAddress(url.getHost(), port), (int) timeout.toMillis());
            }
            catch (IOException ex) {
                throw new NotSentException("could not connect to " + url.getHost() + ":" + port, ex);
            }
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            if (socket instanceof SSLSocket ssl) {
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(url.getHost())));
                ssl.setSSLParameters(parameters);
                try {
                    ssl.startHandshake();
                }
                catch (IOException ex) {
                    throw new NotSentException("the TLS handshake with " + url.getHost() + ":" + port + " failed", ex);
                }
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readHead(socket, socket.getInputStream(), deadline);
        }
    }

    /** The connection or its TLS handshake failed, so the request never left. */
    private static final class NotSentException extends IOException {

        NotSentException(String what, IOException cause) {
            super(what, cause);
        }

        IOException failure() {
            return (IOException) getCause();
        }
    }

    /**
     * The head as read, as text for the report, with its reading by {@link ResponseHead} or why that refused it.
     */
    private record Answer(String text, ResponseHead head, HandshakeException malformed) {
    }

    /**
     * Reads until {@link ResponseHead} has the whole head or refuses it, within the deadline and
     * {@link #MAX_HEAD_BYTES}. It is asked at every possible end of the head (a blank line, a bare LF) and whenever
     * the bytes have doubled since it was last asked, so the work stays linear, and an answer it refuses (a bare-LF
     * answer included) is refused at once rather than waited on to the deadline; when the server stops or closes,
     * it is asked once more, so a malformed answer is reported as such, not as a timeout.
     */
    private static Answer readHead(Socket socket, InputStream in, long deadline) throws IOException {
        byte[] buffer = new byte[4096];
        int length = 0;
        int asked = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            IOException stopped = null;
            int n;
            if (left <= 0) {
                stopped = new IOException("The server did not finish its answer within the deadline");
                n = -1;
            }
            else {
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_HEAD_BYTES + 1));
                }
                try {
                    n = in.read(buffer, length, buffer.length - length);
                }
                catch (SocketTimeoutException ex) {
                    stopped = new IOException("The server did not finish its answer within the deadline", ex);
                    n = -1;
                }
                if (n < 0 && stopped == null) {
                    stopped = new IOException("The server closed the connection after " + length
                            + " bytes, before the end of its answer's headers");
                }
            }
            boolean ask = stopped != null || length + Math.max(n, 0) > MAX_HEAD_BYTES;
            if (n > 0) {
                ask |= (length + n >= 2 * asked) || mayEndHead(buffer, length, n);
                length += n;
            }
            if (ask) {
                asked = length;
                try {
                    Optional<ResponseHead> head = ResponseHead.parse(buffer, length, MAX_HEAD_BYTES);
                    if (head.isPresent()) {
                        return new Answer(text(buffer, head.get().length()), head.get(), null);
                    }
                }
                catch (HandshakeException ex) {
                    return new Answer(text(buffer, Math.min(length, MAX_HEAD_BYTES)), null, ex);
                }
                if (stopped != null) {
                    throw stopped;
                }
            }
        }
    }

    /** Whether the {@code n} bytes read at {@code from} hold a possible end of the head: CRLF CRLF, or a bare LF. */
    private static boolean mayEndHead(byte[] buffer, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (buffer[i] == '\n') {
                boolean bare = i == 0 || buffer[i - 1] != '\r';
                boolean blank = i >= 3 && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r';
                if (bare || blank) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The head as text, without the blank line that ends it. */
    private static String text(byte[] buffer, int length) {
        String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
        return text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 4) : text;
    }
}
