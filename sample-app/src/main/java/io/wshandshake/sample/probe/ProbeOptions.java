package io.wshandshake.sample.probe;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.wshandshake.core.HandshakeValidator;

import org.springframework.boot.convert.DurationStyle;

/**
 * What to probe, from the command line: {@code --probe.url=wss://example.org/socket --probe.subprotocols=v12.stomp
 * --probe.extensions="permessage-deflate; client_max_window_bits"}. Every option takes its value after {@code =};
 * a bad one is refused with a message that names it.
 *
 * @param url the ws:// or wss:// URL of the server to probe
 * @param subprotocols subprotocols to offer, most preferred first
 * @param extensions extensions to offer, one element each, e.g. {@code permessage-deflate; client_max_window_bits}
 * @param subprotocolRequired whether a server that chooses no subprotocol, when some were offered, fails the probe
 * @param timeout deadline for connecting, TLS and reading the whole answer
 */
public record ProbeOptions(URI url, List<String> subprotocols, List<String> extensions, boolean subprotocolRequired,
        Duration timeout) {

    static final String URL = "--probe.url";

    static final String SUBPROTOCOLS = "--probe.subprotocols";

    static final String EXTENSIONS = "--probe.extensions";

    static final String SUBPROTOCOL_REQUIRED = "--probe.subprotocol-required";

    static final String TIMEOUT = "--probe.timeout";

    /** How to call the probe, for usage errors. */
    static final String USAGE = "Usage: " + URL + "=ws[s]://host[:port]/path [" + SUBPROTOCOLS + "=a,b] ["
            + EXTENSIONS + "=\"permessage-deflate; client_max_window_bits\"] [" + SUBPROTOCOL_REQUIRED
            + "=true|false] [" + TIMEOUT + "=10s]";

    private static final List<String> NAMES = List.of(URL, SUBPROTOCOLS, EXTENSIONS, SUBPROTOCOL_REQUIRED, TIMEOUT);

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ProbeOptions {
        subprotocols = List.copyOf(subprotocols);
        extensions = List.copyOf(extensions);
    }

    /** Whether these arguments ask for the probe rather than the demonstration: any {@code --probe.} option. */
    public static boolean isProbe(String... args) {
        for (String arg : args) {
            if (arg.startsWith("--probe.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the probe's options.
     * @throws IllegalArgumentException naming the option (or argument) that is missing, unknown or not valid
     */
    public static ProbeOptions parse(String... args) {
        URI url = null;
        List<String> subprotocols = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        boolean subprotocolRequired = true;
        Duration timeout = DEFAULT_TIMEOUT;
        Set<String> seen = new HashSet<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = (equals < 0) ? arg : arg.substring(0, equals);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument \"" + arg + "\": give each option its value "
                        + "after '=', as in " + URL + "=" + arg);
            }
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("Unknown option " + arg + ": the probe takes "
                        + String.join(", ", NAMES));
            }
            if (equals < 0) {
                throw new IllegalArgumentException(name + " needs a value after '=', as in " + example(name));
            }
            String value = arg.substring(equals + 1);
            boolean repeatable = name.equals(SUBPROTOCOLS) || name.equals(EXTENSIONS);
            if (!seen.add(name) && !repeatable) {
                throw new IllegalArgumentException(name + " is given more than once");
            }
            switch (name) {
                case URL -> url = url(arg, value);
                case SUBPROTOCOLS -> subprotocols.addAll(list(value));
                case EXTENSIONS -> extensions.addAll(list(value));
                case SUBPROTOCOL_REQUIRED -> subprotocolRequired = bool(arg, value);
                default -> timeout = timeout(arg, value);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException(URL + " is missing: say which server to probe, as in " + example(URL));
        }
        checkOffers(subprotocols, extensions);
        return new ProbeOptions(url, subprotocols, extensions, subprotocolRequired, timeout);
    }

    private static URI url(String arg, String value) {
        try {
            URI url = new URI(value);
            String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
            if ((scheme.equals("ws") || scheme.equals("wss")) && url.getHost() != null) {
                return url;
            }
        }
        catch (URISyntaxException ex) {
            // reported below
        }
        throw new IllegalArgumentException(arg + " is not a ws:// or wss:// URL with a host, as in " + example(URL));
    }

    /** Comma-separated, as a header list: an offer never contains a comma. */
    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private static boolean bool(String arg, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(arg + " is neither true nor false");
    }

    private static Duration timeout(String arg, String value) {
        Duration timeout;
        try {
            timeout = DurationStyle.detectAndParse(value);
        }
        catch (IllegalArgumentException ex) {
            timeout = null;
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(arg + " is not a positive duration, such as 5s or 500ms");
        }
        return timeout;
    }

    /** The validator's own checks, reported against the option that carried the offer. */
    private static void checkOffers(List<String> subprotocols, List<String> extensions) {
        try {
            HandshakeValidator.builder().subprotocols(subprotocols).build();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(SUBPROTOCOLS + "=" + String.join(",", subprotocols) + ": "
                    + ex.getMessage(), ex);
        }
        try {
            HandshakeValidator.builder().extensions(extensions).build();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(EXTENSIONS + "=" + String.join(",", extensions) + ": "
                    + ex.getMessage(), ex);
        }
    }

    private static String example(String name) {
        return switch (name) {
            case URL -> URL + "=wss://example.org/socket";
            case SUBPROTOCOLS -> SUBPROTOCOLS + "=v12.stomp,v11.stomp";
            case EXTENSIONS -> EXTENSIONS + "=\"permessage-deflate; client_max_window_bits\"";
            case SUBPROTOCOL_REQUIRED -> SUBPROTOCOL_REQUIRED + "=false";
            default -> TIMEOUT + "=5s";
        };
    }
}
