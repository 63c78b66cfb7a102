package io.wshandshake.core;

/**
 * The reserved bits of the WebSocket frame header (RFC 6455 section 5.2) that an extension may give a meaning to.
 *
 * @since 0.1.0
 */
public enum RsvBit {
    RSV1, RSV2, RSV3
}
