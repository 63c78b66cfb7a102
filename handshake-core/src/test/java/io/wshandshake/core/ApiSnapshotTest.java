package io.wshandshake.core;

import io.wshandshake.apisnapshot.PublicApiSnapshot;
import org.junit.jupiter.api.Test;

/** No public name of the engine changes without api/handshake-core.api changing in the same commit. */
class ApiSnapshotTest {

    @Test
    void publicApiIsTheSnapshot() {
        PublicApiSnapshot.of("handshake-core", HandshakeValidator.class).assertUnchanged();
    }
}
