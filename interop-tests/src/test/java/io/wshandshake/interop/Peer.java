package io.wshandshake.interop;

import java.net.URI;

/** A running WebSocket server to test against: where it listens, and how to stop it. */
interface Peer extends AutoCloseable {

    /** The ws:// URI of its echo endpoint. */
    URI uri();

    /** What it is, with its version, for the report. */
    String description();

    @Override
    void close();
}
