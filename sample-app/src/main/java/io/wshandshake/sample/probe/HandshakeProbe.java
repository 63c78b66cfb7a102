package io.wshandshake.sample.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.wshandshake.core.ClientHandshake;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;

/**
 * Drives the validator's begin/end API over its own socket (TLS from the JDK for wss://), because Tomcat's client
 * hides non-101 answers and lowercases header names: the probe sees the answer exactly as the server sent it.
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
        HandshakeValidator validator = HandshakeValidator.builder().subprotocolRequired(subprotocolRequired).build();
        ClientHandshake handshake = validator.beginClientHandshake(subprotocols, extensions);
        String request = request(url, handshake);
        RawResponse response;
        try {
            response = exchange(url, scheme.equals("wss"), request, timeout);
        }
        catch (NotSentException ex) {
            return ProbeReport.notSent(url, handshake, ex.getMessage(), ex.failure());
        }
        catch (IOException ex) {
            return ProbeReport.transportFailure(url, handshake, request, ex);
        }
        try {
            HandshakeResult result = validator.endClientHandshake(handshake, response.status(), response.headers());
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

    private RawResponse exchange(URI url, boolean secure, String request, Duration timeout) throws IOException {
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
            return RawResponse.parse(readHead(socket, socket.getInputStream(), deadline));
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

    /** Reads up to the empty line that ends the head, within the deadline and {@link #MAX_HEAD_BYTES}. */
    private static String readHead(Socket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("The server did not finish its answer within the deadline");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int b = in.read();
            if (b < 0) {
                throw new IOException("The server closed the connection after " + head.size()
                        + " bytes, before the end of its answer's headers");
            }
            if (head.size() == MAX_HEAD_BYTES) {
                throw new IOException("The server's answer headers exceed " + MAX_HEAD_BYTES + " bytes");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }
}
