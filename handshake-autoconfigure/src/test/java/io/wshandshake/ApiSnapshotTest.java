package io.wshandshake;

import io.wshandshake.apisnapshot.PublicApiSnapshot;
import io.wshandshake.autoconfigure.HandshakeAutoConfiguration;
import org.junit.jupiter.api.Test;

/**
 * No public name of this module (the client, its events and attribute keys, the observation and its metric names,
 * the properties) changes without api/handshake-autoconfigure.api changing in the same commit.
 */
class ApiSnapshotTest {

    @Test
    void publicApiIsTheSnapshot() {
        PublicApiSnapshot.of("handshake-autoconfigure", HandshakeAutoConfiguration.class).assertUnchanged();
    }
}
