/**
 * The client side of the WebSocket opening handshake as an engine without I/O: offers and a fresh key in, the
 * server's status and headers in, a {@link io.wshandshake.core.HandshakeResult} or a
 * {@link io.wshandshake.core.HandshakeException} out (RFC 6455 sections 4.1 and 9.1, RFC 7692). It depends on the JDK
 * alone (JSpecify's annotations aside, which nothing needs at run time), so that any HTTP client can use it.
 */
@NullMarked
package io.wshandshake.core;

import org.jspecify.annotations.NullMarked;
