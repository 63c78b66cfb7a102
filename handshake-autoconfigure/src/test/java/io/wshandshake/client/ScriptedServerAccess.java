package io.wshandshake.client;

import java.io.IOException;
import java.net.URI;
import java.util.function.Function;

/** Lets tests in other packages use {@link ScriptedServer}. */
public final class ScriptedServerAccess implements AutoCloseable {

    private final ScriptedServer server;

    private ScriptedServerAccess(ScriptedServer server) {
        this.server = server;
    }

    public static ScriptedServerAccess start(Function<String, String> script) throws IOException {
        return new ScriptedServerAccess(new ScriptedServer(script));
    }

    public URI uri() {
        return this.server.uri();
    }

    /** The next request the server received, once the client has closed its connection. */
    public String nextRequest() throws InterruptedException {
        return this.server.nextExchange().request();
    }

    /** Whether the client closed the next connection, waiting up to 20 seconds for the connection to end. */
    public boolean nextClosedByClient() throws InterruptedException {
        return this.server.nextExchange().closedByClient();
    }

    @Override
    public void close() throws IOException {
        this.server.close();
    }
}
