package io.wshandshake.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a child process that prints {@code LISTENING <port>} when ready. A missing interpreter or library
 * fails the test with the command that installs it: the suite never skips a peer.
 */
final class ProcessPeer implements Peer {

    private static final Path PEERS = Path.of("peers").toAbsolutePath();

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private final Process process;

    private final int port;

    private final String path;

    private final String description;

    private ProcessPeer(List<String> command, String path, String description, String installHint) {
        this.path = path;
        this.description = description;
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot start " + command + " (" + installHint + ")", ex);
        }
        this.port = awaitPort(command, installHint);
    }

    /** Node's {@code ws} 8.x, with one of the permessage-deflate settings of {@code peers/node/ws-server.js}. */
    static ProcessPeer nodeWs(String setting) {
        Path script = PEERS.resolve("node/ws-server.js");
        String version = readNodeWsVersion();
        return new ProcessPeer(List.of("node", script.toString(), setting), "/", "Node ws " + version + " ("
                + setting + ")", "install Node.js and run: npm ci --prefix interop-tests/peers/node");
    }

    /** Debian's Python {@code websockets}, compression {@code deflate} or {@code plain}. */
    static ProcessPeer pythonWebsockets(String setting) {
        Path script = PEERS.resolve("python/websockets_server.py");
        return new ProcessPeer(List.of("/usr/bin/python3", script.toString(), setting), "/",
                "Python websockets " + pythonWebsocketsVersion() + " (" + setting + ")",
                "run: apt-get install python3-websockets");
    }

    private int awaitPort(List<String> command, String installHint) {
        BufferedReader out = new BufferedReader(new InputStreamReader(this.process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("LISTENING ")) {
                        drainInBackground(out);
                        return Integer.parseInt(line.substring("LISTENING ".length()).trim());
                    }
                    seen.append(line).append('\n');
                }
            }
            catch (IOException ex) {
                seen.append(ex);
            }
            throw new IllegalStateException(command + " exited without listening (" + installHint + "):\n" + seen);
        });
        try {
            return port.get(30, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            this.process.destroyForcibly();
            throw new IllegalStateException("Peer " + command + " did not start: " + ex.getMessage(), ex);
        }
    }

    private static void drainInBackground(BufferedReader out) {
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling up
                }
            }
            catch (IOException ex) {
                // process ended
            }
        }, "peer-output");
        drain.setDaemon(true);
        drain.start();
    }

    private static String readNodeWsVersion() {
        Path packageJson = PEERS.resolve("node/node_modules/ws/package.json");
        try {
            Matcher version = VERSION.matcher(Files.readString(packageJson));
            if (version.find()) {
                return version.group(1);
            }
        }
        catch (IOException ex) {
            // reported below
        }
        throw new IllegalStateException("Node ws is not installed (run: npm ci --prefix interop-tests/peers/node)");
    }

    private static String pythonWebsocketsVersion() {
        try {
            Process version = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import websockets; print(websockets.__version__)").redirectErrorStream(true).start();
            String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (version.waitFor() != 0) {
                throw new IllegalStateException("Python websockets is not installed (run: apt-get install "
                        + "python3-websockets): " + output);
            }
            return output;
        }
        catch (IOException ex) {
            throw new IllegalStateException("No /usr/bin/python3 (run: apt-get install python3-websockets)", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + this.port + this.path);
    }

    @Override
    public String description() {
        return this.description;
    }

    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
