package io.wshandshake.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian's) as a reverse proxy in front of another peer, with the usual WebSocket settings: HTTP/1.1 to the
 * upstream and the {@code Upgrade} / {@code Connection} headers passed on.
 */
final class NginxProxy implements Peer {

    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final Peer upstream;

    private final Path prefix;

    private final Process process;

    private final int port;

    NginxProxy(Peer upstream) {
        this.upstream = upstream;
        if (!Files.isExecutable(NGINX)) {
            upstream.close();
            throw new IllegalStateException("nginx is not installed (run: apt-get install nginx-light)");
        }
        try {
            this.prefix = Files.createTempDirectory("nginx-interop");
            this.port = freePort();
            Files.writeString(this.prefix.resolve("nginx.conf"), config(upstream.uri(), this.port, this.prefix));
            this.process = new ProcessBuilder(NGINX.toString(), "-p", this.prefix.toString(), "-c",
                    this.prefix.resolve("nginx.conf").toString()).redirectErrorStream(true)
                    .redirectOutput(this.prefix.resolve("stdout.log").toFile()).start();
            awaitListening();
        }
        catch (IOException ex) {
            upstream.close();
            throw new IllegalStateException("nginx did not start", ex);
        }
    }

    private static String config(URI upstream, int port, Path prefix) {
        return """
                daemon off;
                worker_processes 1;
                error_log %1$s/error.log warn;
                pid %1$s/nginx.pid;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    map $http_upgrade $connection_upgrade {
                        default upgrade;
                        ''      close;
                    }
                    server {
                        listen 127.0.0.1:%2$d;
                        location / {
                            proxy_pass http://127.0.0.1:%3$d;
                            proxy_http_version 1.1;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_set_header Connection $connection_upgrade;
                            proxy_set_header Host $host;
                            proxy_read_timeout 60s;
                        }
                    }
                }
                """.formatted(prefix, port, upstream.getPort());
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IOException("nginx exited: " + Files.readString(this.prefix.resolve("stdout.log"),
                        StandardCharsets.UTF_8) + readErrorLog());
            }
            try (Socket probe = new Socket("127.0.0.1", this.port)) {
                return;
            }
            catch (IOException ex) {
                sleep();
            }
        }
        throw new IOException("nginx did not listen within 20 seconds: " + readErrorLog());
    }

    private String readErrorLog() {
        try {
            return Files.readString(this.prefix.resolve("error.log"));
        }
        catch (IOException ex) {
            return "";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** nginx's version as it reports it. */
    static String version() {
        try {
            Process version = new ProcessBuilder(List.of(NGINX.toString(), "-v")).redirectErrorStream(true).start();
            String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            version.waitFor();
            return output.replace("nginx version: ", "");
        }
        catch (IOException ex) {
            return "unknown";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + this.port + this.upstream.uri().getRawPath());
    }

    @Override
    public String description() {
        return version() + " proxying " + this.upstream.description();
    }

    @Override
    public void close() {
        this.process.destroy();
        try {
            this.process.waitFor(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.upstream.close();
    }
}
