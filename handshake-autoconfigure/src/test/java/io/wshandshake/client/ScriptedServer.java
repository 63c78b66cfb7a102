package io.wshandshake.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A misbehaving WebSocket server on a real loopback socket: it reads each upgrade request, answers with whatever the
 * script makes of the request's key, and then records whether the client closed the connection.
 */
final class ScriptedServer implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private final ServerSocket serverSocket;

    private final Thread acceptor;

    private final BlockingQueue<Exchange> exchanges = new LinkedBlockingQueue<>();

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    /** @param script makes the raw response (status line, headers, blank line) from the request's key */
    ScriptedServer(Function<String, String> script) throws IOException {
        this((key, out) -> out.write(script.apply(key).getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** @param script writes the response for the request's key, as slowly or as oddly as it likes */
    ScriptedServer(Script script) throws IOException {
        this.serverSocket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(() -> acceptLoop(script), "scripted-server");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + this.serverSocket.getLocalPort() + "/scripted");
    }

    /**
     * The next exchange, waiting up to 20 seconds for the client to close it. (A script may keep writing for 8
     * seconds, and the client then needs its read timeout to notice the silence: 10 seconds left no margin on a busy
     * machine.)
     */
    Exchange nextExchange() throws InterruptedException {
        return nextExchange(20);
    }

    /** The next exchange, waiting up to {@code seconds} for the client to close it. */
    Exchange nextExchange(int seconds) throws InterruptedException {
        Exchange exchange = this.exchanges.poll(seconds, TimeUnit.SECONDS);
        if (exchange == null) {
            throw new AssertionError("No connection was made and closed within " + seconds + " seconds");
        }
        return exchange;
    }

    /** The next exchange, or {@code null} when none ended within {@code millis}. */
    Exchange pollExchange(long millis) throws InterruptedException {
        return this.exchanges.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void acceptLoop(Script script) {
        while (!this.serverSocket.isClosed()) {
            try {
                Socket socket = this.serverSocket.accept();
                this.sockets.add(socket);
                Thread handler = new Thread(() -> serve(socket, script), "scripted-exchange");
                handler.setDaemon(true);
                handler.start();
            }
            catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket socket, Script script) {
        try (socket) {
            socket.setSoTimeout(10_000);
            String request = readHead(socket.getInputStream());
            Matcher key = KEY.matcher(request);
            OutputStream out = socket.getOutputStream();
            try {
                script.answer(key.find() ? key.group(1) : "", out);
            }
            catch (IOException ex) {
                // the client closed the connection while the script was still answering
                this.exchanges.add(new Exchange(request, true));
                return;
            }
            out.flush();
            boolean closedByClient;
            try {
                closedByClient = drain(socket.getInputStream());
            }
            catch (SocketTimeoutException ex) {
                closedByClient = false;
            }
            this.exchanges.add(new Exchange(request, closedByClient));
        }
        catch (IOException ex) {
            this.exchanges.add(new Exchange("", true));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == end[matched]) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the client closes; true when it did. */
    private static boolean drain(InputStream in) throws IOException {
        byte[] buffer = new byte[1024];
        try {
            while (in.read(buffer) >= 0) {
                // the client may send a close frame first
            }
            return true;
        }
        catch (java.net.SocketException ex) {
            return true;
        }
    }

    /** Stops accepting and closes every connection still open, so no client thread is left reading from it. */
    @Override
    public void close() throws IOException {
        this.serverSocket.close();
        for (Socket socket : this.sockets) {
            socket.close();
        }
    }

    /** For scripts: writes {@code text} as ISO-8859-1 and flushes it. */
    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** For scripts: waits {@code millis}, or less if interrupted (keeping the interrupt). */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes a response. */
    @FunctionalInterface
    interface Script {

        void answer(String key, OutputStream out) throws IOException;
    }

    /** One connection: the request as received, and whether the client closed the socket afterwards. */
    record Exchange(String request, boolean closedByClient) {
    }
}
