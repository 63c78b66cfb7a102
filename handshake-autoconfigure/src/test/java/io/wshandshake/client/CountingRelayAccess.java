package io.wshandshake.client;

import java.io.IOException;

/** Lets tests in other packages and modules use {@link CountingRelay}. */
public final class CountingRelayAccess implements AutoCloseable {

    private final CountingRelay relay;

    private CountingRelayAccess(CountingRelay relay) {
        this.relay = relay;
    }

    public static CountingRelayAccess start(int targetPort) throws IOException {
        return new CountingRelayAccess(new CountingRelay(targetPort));
    }

    public int port() {
        return this.relay.port();
    }

    /** Bytes relayed so far, both ways. */
    public long bytes() {
        return this.relay.clientToServer.get() + this.relay.serverToClient.get();
    }

    @Override
    public void close() throws IOException {
        this.relay.close();
    }
}
