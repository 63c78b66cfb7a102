/**
 * The validating Spring {@code WebSocketClient} on a JSR-356 container (Tomcat's or Jetty's): it runs each connect
 * under a deadline, validates the answer with {@code io.wshandshake.core} and tells listeners, events and session
 * attributes what was negotiated or why it failed. It depends on the core and on Spring, never on
 * {@code io.wshandshake.autoconfigure}, and on {@code io.wshandshake.observation} only where a client is assembled.
 */
@NullMarked
package io.wshandshake.client;

import org.jspecify.annotations.NullMarked;
