package io.wshandshake.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * Negotiates {@code permessage-deflate} by RFC 7692 section 7.1: checks offers, and accepts an answer only when
 * every parameter is known, appears once, is well formed and stays within what the offer allowed.
 * <p>
 * The agreed parameters are the effective ones, which include what the client itself offered: an offered
 * {@code client_no_context_takeover} binds the client whether or not the server answers it (section 7.1.1.2), and so
 * does an offered {@code client_max_window_bits=N}, a window of at most N bits (section 7.1.2.2).
 *
 * @since 0.1.0
 */
public final class PerMessageDeflateNegotiator implements ExtensionNegotiator {

    /** The extension token. */
    public static final String NAME = "permessage-deflate";

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";

    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";

    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";

    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    private static final int MIN_WINDOW_BITS = 8;

    private static final int MAX_WINDOW_BITS = 15;

    private static final Set<RsvBit> RSV_BITS = Set.copyOf(EnumSet.of(RsvBit.RSV1));

    private final int minClientWindowBits;

    /** A negotiator for a client whose compressor can use any window from 8 to 15 bits. */
    public PerMessageDeflateNegotiator() {
        this(MIN_WINDOW_BITS);
    }

    private PerMessageDeflateNegotiator(int minClientWindowBits) {
        this.minClientWindowBits = minClientWindowBits;
    }

    /**
     * A negotiator for a client whose compressor cannot use a window smaller than {@code bits}: it rejects offers
     * and answers that would oblige it to. The JDK's {@code Deflater}, and so Tomcat's client, always compresses
     * with 15 bits.
     */
    public static PerMessageDeflateNegotiator withMinimumClientWindowBits(int bits) {
        if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException("Window bits must be from 8 to 15, not " + bits);
        }
        return new PerMessageDeflateNegotiator(bits);
    }

    /** The smallest client window, in bits, this negotiator lets an offer or answer ask for. */
    public int minClientWindowBits() {
        return this.minClientWindowBits;
    }

    @Override
    public String extensionName() {
        return NAME;
    }

    @Override
    public Set<RsvBit> rsvBits() {
        return RSV_BITS;
    }

    @Override
    public void checkOffer(ExtensionElement offer) {
        Params params = Params.read(offer, true);
        if (params.problem != null) {
            throw new IllegalArgumentException("Invalid " + NAME + " offer " + SafeText.quote(offer.toString())
                    + ": " + params.problem);
        }
        if (params.clientMaxWindowBits != 0 && params.clientMaxWindowBits < this.minClientWindowBits) {
            throw new IllegalArgumentException("Invalid " + NAME + " offer " + SafeText.quote(offer.toString())
                    + ": " + CLIENT_MAX_WINDOW_BITS + "=" + params.clientMaxWindowBits
                    + " is below the " + this.minClientWindowBits + " bits this client's compressor can use");
        }
    }

    @Override
    public Negotiation negotiate(ExtensionElement offer, ExtensionElement answer) {
        Params offered = Params.read(offer, true);
        Params answered = Params.read(answer, false);
        if (answered.problem != null) {
            return Negotiation.rejected(answered.problem);
        }
        if (offered.serverNoContextTakeover && !answered.serverNoContextTakeover) {
            return Negotiation.rejected(SERVER_NO_CONTEXT_TAKEOVER + " was offered but not answered");
        }
        if (offered.serverMaxWindowBits != 0) {
            if (answered.serverMaxWindowBits == 0) {
                return Negotiation.rejected(SERVER_MAX_WINDOW_BITS + "=" + offered.serverMaxWindowBits
                        + " was offered but not answered");
            }
            if (answered.serverMaxWindowBits > offered.serverMaxWindowBits) {
                return Negotiation.rejected(SERVER_MAX_WINDOW_BITS + "=" + answered.serverMaxWindowBits
                        + " is larger than the " + offered.serverMaxWindowBits + " offered");
            }
        }
        if (answered.clientMaxWindowBits != 0) {
            if (!offered.clientMaxWindowBitsPresent) {
                return Negotiation.rejected(CLIENT_MAX_WINDOW_BITS + " was answered but not offered");
            }
            if (offered.clientMaxWindowBits != 0 && answered.clientMaxWindowBits > offered.clientMaxWindowBits) {
                return Negotiation.rejected(CLIENT_MAX_WINDOW_BITS + "=" + answered.clientMaxWindowBits
                        + " is larger than the " + offered.clientMaxWindowBits + " offered");
            }
            if (answered.clientMaxWindowBits < this.minClientWindowBits) {
                return Negotiation.rejected(CLIENT_MAX_WINDOW_BITS + "=" + answered.clientMaxWindowBits
                        + " is below the " + this.minClientWindowBits + " bits this client can compress with");
            }
        }
        return Negotiation.accepted(new PerMessageDeflateParameters(answered.serverNoContextTakeover,
                offered.clientNoContextTakeover || answered.clientNoContextTakeover,
                effective(answered.serverMaxWindowBits),
                effective((answered.clientMaxWindowBits != 0) ? answered.clientMaxWindowBits
                        : offered.clientMaxWindowBits)));
    }

    private static int effective(int windowBits) {
        return (windowBits != 0) ? windowBits : PerMessageDeflateParameters.DEFAULT_WINDOW_BITS;
    }

    /** The four RFC 7692 parameters read from one element; window bits are 0 where absent. */
    private static final class Params {

        boolean serverNoContextTakeover;

        boolean clientNoContextTakeover;

        int serverMaxWindowBits;

        int clientMaxWindowBits;

        boolean clientMaxWindowBitsPresent;

        String problem;

        /**
         * Reads the parameters. In an offer {@code client_max_window_bits} may go without a value (a hint); in an
         * answer it must have one (RFC 7692 section 7.1.2.2).
         */
        static Params read(ExtensionElement element, boolean isOffer) {
            Params params = new Params();
            for (ExtensionParameter parameter : element.parameters()) {
                params.problem = params.apply(parameter, isOffer);
                if (params.problem != null) {
                    break;
                }
            }
            return params;
        }

        private String apply(ExtensionParameter parameter, boolean isOffer) {
            switch (parameter.name()) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (this.serverNoContextTakeover) {
                        return duplicate(parameter);
                    }
                    this.serverNoContextTakeover = true;
                    return noValue(parameter);
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (this.clientNoContextTakeover) {
                        return duplicate(parameter);
                    }
                    this.clientNoContextTakeover = true;
                    return noValue(parameter);
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    if (this.serverMaxWindowBits != 0) {
                        return duplicate(parameter);
                    }
                    this.serverMaxWindowBits = windowBits(parameter.value());
                    return (this.serverMaxWindowBits == 0) ? badWindowBits(parameter) : null;
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    if (this.clientMaxWindowBitsPresent) {
                        return duplicate(parameter);
                    }
                    this.clientMaxWindowBitsPresent = true;
                    if (isOffer && !parameter.hasValue()) {
                        return null;
                    }
                    this.clientMaxWindowBits = windowBits(parameter.value());
                    return (this.clientMaxWindowBits == 0) ? badWindowBits(parameter) : null;
                }
                default -> {
                    return "unknown parameter " + SafeText.quote(parameter.name());
                }
            }
        }

        private static String duplicate(ExtensionParameter parameter) {
            return "parameter " + parameter.name() + " appears more than once";
        }

        private static String noValue(ExtensionParameter parameter) {
            return parameter.hasValue() ? parameter.name() + " must have no value, but has "
                    + SafeText.quote(parameter.value()) : null;
        }

        private static String badWindowBits(ExtensionParameter parameter) {
            return parameter.name() + " must be a number from 8 to 15, but is "
                    + (parameter.hasValue() ? SafeText.quote(parameter.value()) : "missing");
        }

        /** 8 to 15 written without a leading zero, else 0. */
        private static int windowBits(String value) {
            if (value == null) {
                return 0;
            }
            if (value.length() == 1 && (value.charAt(0) == '8' || value.charAt(0) == '9')) {
                return value.charAt(0) - '0';
            }
            if (value.length() == 2 && value.charAt(0) == '1' && value.charAt(1) >= '0' && value.charAt(1) <= '5') {
                return 10 + (value.charAt(1) - '0');
            }
            return 0;
        }
    }
}
