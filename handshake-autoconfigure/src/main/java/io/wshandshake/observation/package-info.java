/**
 * Micrometer instrumentation of handshakes: the {@code websocket.client.handshake} observation (its documentation,
 * context and conventions), the outcome tag and the session gauge. It depends on the core and on Micrometer, never on
 * {@code io.wshandshake.autoconfigure}.
 */
@NullMarked
package io.wshandshake.observation;

import org.jspecify.annotations.NullMarked;
