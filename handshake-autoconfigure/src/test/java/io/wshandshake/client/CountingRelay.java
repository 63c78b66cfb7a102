package io.wshandshake.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of a server that counts the bytes passing each way, so a test can see on the wire
 * whether messages were compressed.
 */
final class CountingRelay implements AutoCloseable {

    private final ServerSocket serverSocket;

    final AtomicLong clientToServer = new AtomicLong();

    final AtomicLong serverToClient = new AtomicLong();

    CountingRelay(int targetPort) throws IOException {
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!this.serverSocket.isClosed()) {
                try {
                    Socket client = this.serverSocket.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    pump(client, server, this.clientToServer);
                    pump(server, client, this.serverToClient);
                }
                catch (IOException ex) {
                    return;
                }
            }
        }, "counting-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return this.serverSocket.getLocalPort();
    }

    private static void pump(Socket from, Socket to, AtomicLong counter) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    counter.addAndGet(read);
                }
            }
            catch (IOException ex) {
                // one side closed
            }
            finally {
                try {
                    to.close();
                    from.close();
                }
                catch (IOException ex) {
                    // already closed
                }
            }
        }, "counting-relay-pump");
        pump.setDaemon(true);
        pump.start();
    }

    @Override
    public void close() throws IOException {
        this.serverSocket.close();
    }
}
