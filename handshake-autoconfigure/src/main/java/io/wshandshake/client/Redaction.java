package io.wshandshake.client;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import io.wshandshake.core.SafeText;
import org.jspecify.annotations.Nullable;

/**
 * Makes text and exceptions from the container safe to hand out for one connection: no credential of the URI (user
 * info, query, fragment) in any URI the text mentions, and no control character a server could have put there.
 */
final class Redaction {

    /** How much of a container's message is shown at most; the rest is cut at a word. */
    static final int MAX_MESSAGE_LENGTH = 400;

    /** A known credential shorter than this is not searched for outside URIs: it would blank out ordinary words. */
    private static final int MIN_SECRET_LENGTH = 4;

    private static final int MAX_CAUSE_DEPTH = 16;

    private static final String REDACTED = "[redacted]";

    private final List<String> secrets;

    /** @param uri the URI connected to, whose user info and query are the secrets to keep in */
    Redaction(URI uri) {
        this.secrets = secretsOf(uri);
    }

    /**
     * The text with every URI in it reduced to scheme, host, port and path, any remaining occurrence of the
     * connection's credentials replaced, control and non-ASCII characters escaped, and cut at a word after
     * {@link #MAX_MESSAGE_LENGTH} characters with a note of how much was cut.
     */
    String text(@Nullable String text) {
        if (text == null) {
            return "null";
        }
        String redacted = stripUriCredentials(text);
        for (String secret : this.secrets) {
            redacted = redacted.replace(secret, REDACTED);
        }
        return cutAtWord(SafeText.escape(redacted, Integer.MAX_VALUE), MAX_MESSAGE_LENGTH);
    }

    /** The exception and its causes as a chain of {@link RedactedException}s, or {@code null} for {@code null}. */
    @Nullable RedactedException exception(@Nullable Throwable original) {
        return exception(original, new IdentityHashMap<>(), 0);
    }

    private @Nullable RedactedException exception(@Nullable Throwable original, Map<Throwable, Boolean> seen,
            int depth) {
        if (original == null || depth >= MAX_CAUSE_DEPTH || seen.put(original, Boolean.TRUE) != null) {
            return null;
        }
        if (original instanceof RedactedException redacted) {
            return redacted;
        }
        RedactedException cause = exception(original.getCause(), seen, depth + 1);
        String type = original.getClass().getName();
        String message = (original.getMessage() != null) ? type + ": " + text(original.getMessage()) : type;
        return new RedactedException(type, message, original.getStackTrace(), cause);
    }

    /** Removes the user info, query and fragment of every {@code scheme://...} in the text. */
    static String stripUriCredentials(String text) {
        int marker = text.indexOf("://");
        if (marker < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (marker >= 0) {
            int authorityStart = marker + 3;
            int end = uriEnd(text, authorityStart);
            int authorityEnd = authorityStart;
            while (authorityEnd < end && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
                authorityEnd++;
            }
            int at = text.lastIndexOf('@', authorityEnd - 1);
            int hostStart = (at >= authorityStart) ? at + 1 : authorityStart;
            int pathEnd = authorityEnd;
            while (pathEnd < end && text.charAt(pathEnd) != '?' && text.charAt(pathEnd) != '#') {
                pathEnd++;
            }
            out.append(text, copied, authorityStart).append(text, hostStart, pathEnd);
            copied = end;
            marker = text.indexOf("://", end);
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * Where a URI that starts at {@code from} ends: at white space, a double quote, an angle bracket or an unmatched
     * ']' (containers write {@code [uri]}). Not at characters RFC 3986 allows in user info, such as {@code ' , ;}.
     */
    private static int uriEnd(String text, int from) {
        int brackets = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == '"' || c == '<' || c == '>') {
                return i;
            }
            if (c == '[') {
                brackets++;
            }
            else if (c == ']') {
                if (brackets == 0) {
                    return i;
                }
                brackets--;
            }
        }
        return text.length();
    }

    static String cutAtWord(String text, int maxLength) {
        if (text.length() <= maxLength) {
            return text;
        }
        int cut = text.lastIndexOf(' ', maxLength);
        if (cut < maxLength / 2) {
            cut = maxLength;
        }
        return text.substring(0, cut) + "... (" + (text.length() - cut) + " more characters)";
    }

    /** The user info and query of the URI, raw and decoded, and their parts, longest first. */
    private static List<String> secretsOf(URI uri) {
        List<String> secrets = new ArrayList<>();
        addSecret(secrets, uri.getRawUserInfo());
        addSecret(secrets, uri.getRawQuery());
        addSecret(secrets, uri.getRawFragment());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            for (String part : userInfo.split(":", 2)) {
                addSecret(secrets, part);
            }
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                addSecret(secrets, (equals >= 0) ? pair.substring(equals + 1) : pair);
            }
        }
        for (String secret : List.copyOf(secrets)) {
            addSecret(secrets, decode(secret));
        }
        secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return List.copyOf(secrets);
    }

    private static void addSecret(List<String> secrets, String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH && !secrets.contains(secret)) {
            secrets.add(secret);
        }
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return value;
        }
    }
}
