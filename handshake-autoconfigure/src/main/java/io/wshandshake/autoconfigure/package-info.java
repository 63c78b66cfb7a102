/**
 * Spring Boot auto-configuration: the {@code handshake.*} properties, their start-up checks and failure analysis,
 * and the validator, client builder, client and metrics beans. It may depend on every other package; none depends on
 * it.
 */
@NullMarked
package io.wshandshake.autoconfigure;

import org.jspecify.annotations.NullMarked;
