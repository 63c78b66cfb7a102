package io.wshandshake.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wshandshake.core.SecWebSocketAccept;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A deliberately broken WebSocket server on a loopback port: it answers every upgrade request with a correct 101,
 * except that it picks the subprotocol {@code v9.chat}, which no client offered. Tomcat's own client accepts that;
 * the validating client refuses it.
 */
@Component
@ConditionalOnWebApplication
class RogueServer implements SmartLifecycle {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private static final int MAX_REQUEST_HEAD = 16 * 1024;

    private volatile ServerSocket serverSocket;

    @Override
    public void start() {
        try {
            this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not open the rogue server's port", ex);
        }
        Thread acceptor = new Thread(this::acceptLoop, "rogue-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The URI to connect to. */
    String uri() {
        return "ws://127.0.0.1:" + this.serverSocket.getLocalPort() + "/rogue";
    }

    private void acceptLoop() {
        ServerSocket socket = this.serverSocket;
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(5_000);
                Matcher key = KEY.matcher(readHead(connection.getInputStream()));
                String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + SecWebSocketAccept.forKey(key.find() ? key.group(1) : "")
                        + "\r\nSec-WebSocket-Protocol: v9.chat\r\n\r\n";
                connection.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                connection.getInputStream().read();
            }
            catch (IOException ex) {
                // the client went away, or the server is stopping
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && head.size() < MAX_REQUEST_HEAD && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void stop() {
        try {
            this.serverSocket.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
    }

    @Override
    public boolean isRunning() {
        return this.serverSocket != null && !this.serverSocket.isClosed();
    }
}
