package io.wshandshake.client;

import java.net.URI;

/** A URI as it may appear in messages and logs: no user info (it may hold a password), no query, no fragment. */
final class SafeUri {

    private SafeUri() {
    }

    static String of(URI uri) {
        StringBuilder value = new StringBuilder().append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() != -1) {
            value.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        return value.append((path != null && !path.isEmpty()) ? path : "/").toString();
    }
}
