package io.wshandshake.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Maps each extension the server answered to the offer it answers: the first offer of that name the answer is valid
 * for, as judged by the name's {@link ExtensionNegotiator}, or, for a name without one, by an exact repeat of the
 * offer's parameters. Rejects names not offered, names answered twice and RSV bit conflicts.
 */
final class ExtensionSelection {

    private final Map<String, ExtensionNegotiator> negotiators;

    ExtensionSelection(Map<String, ExtensionNegotiator> negotiators) {
        this.negotiators = negotiators;
    }

    /**
     * Selects the offer each answer answers. The answers come one at a time and the first that cannot be matched
     * ends the selection, so at most one more answer than there are offered names is ever built.
     */
    List<NegotiatedExtension> select(List<ExtensionElement> offers, ExtensionHeaderParser.Cursor answers) {
        ExtensionElement answer = answers.next();
        if (answer == null) {
            return List.of();
        }
        // Most answers hold one extension: a list is made only for a second.
        NegotiatedExtension first = null;
        List<NegotiatedExtension> more = null;
        int usedRsvBits = 0;
        for (; answer != null; answer = answers.next()) {
            List<NegotiatedExtension> selected = (more != null) ? more : (first != null) ? List.of(first) : List.of();
            for (NegotiatedExtension earlier : selected) {
                if (earlier.name().equals(answer.name())) {
                    throw failure(FailureReason.EXTENSION_REPEATED, answer, "Extension " + SafeText.quote(answer.name())
                            + " is answered more than once");
                }
            }
            ExtensionNegotiator negotiator = this.negotiators.get(answer.name());
            NegotiatedExtension match = match(negotiator, offers, answer);
            if (negotiator != null) {
                for (RsvBit bit : negotiator.rsvBits()) {
                    int mask = 1 << bit.ordinal();
                    if ((usedRsvBits & mask) != 0) {
                        throw failure(FailureReason.EXTENSION_RSV_CONFLICT, answer, "Extensions "
                                + SafeText.quote(rsvOwner(selected, bit)) + " and " + SafeText.quote(answer.name())
                                + " both use " + bit);
                    }
                    usedRsvBits |= mask;
                }
            }
            if (first == null) {
                first = match;
            }
            else {
                if (more == null) {
                    more = new ArrayList<>(4);
                    more.add(first);
                }
                more.add(match);
            }
        }
        return (more != null) ? Collections.unmodifiableList(more) : List.of(first);
    }

    private String rsvOwner(List<NegotiatedExtension> selected, RsvBit bit) {
        for (NegotiatedExtension extension : selected) {
            ExtensionNegotiator negotiator = this.negotiators.get(extension.name());
            if (negotiator != null && negotiator.rsvBits().contains(bit)) {
                return extension.name();
            }
        }
        return "?";
    }

    private NegotiatedExtension match(ExtensionNegotiator negotiator, List<ExtensionElement> offers,
            ExtensionElement answer) {
        String firstRejection = null;
        for (int i = 0; i < offers.size(); i++) {
            ExtensionElement offer = offers.get(i);
            if (!offer.name().equals(answer.name())) {
                continue;
            }
            Negotiation negotiation = (negotiator != null) ? negotiator.negotiate(offer, answer)
                    : repeatsOffer(offer, answer);
            if (negotiation.isAccepted()) {
                return new NegotiatedExtension(answer, i, negotiation.agreement());
            }
            if (firstRejection == null) {
                firstRejection = negotiation.rejection();
            }
        }
        if (firstRejection == null) {
            throw failure(FailureReason.EXTENSION_NOT_OFFERED, answer, "Extension " + SafeText.quote(answer.name())
                    + " was not offered");
        }
        throw failure(FailureReason.EXTENSION_PARAMETERS_REJECTED, answer, "Extension answer "
                + SafeText.quote(answer.toString()) + " is not acceptable: " + firstRejection);
    }

    /** Without a negotiator an answer must repeat an offer: the same parameters and values, in any order. */
    private static Negotiation repeatsOffer(ExtensionElement offer, ExtensionElement answer) {
        List<ExtensionParameter> unmatched = new ArrayList<>(offer.parameters());
        if (unmatched.size() != answer.parameters().size()) {
            return Negotiation.rejected("it does not repeat the offer " + SafeText.quote(offer.toString()));
        }
        for (ExtensionParameter parameter : answer.parameters()) {
            if (!unmatched.remove(parameter)) {
                return Negotiation.rejected("parameter " + SafeText.quote(parameter.toString())
                        + " was not offered in " + SafeText.quote(offer.toString()));
            }
        }
        return Negotiation.accepted(answer);
    }

    /** The failure, with the answered extension (as parsed) as the offending value. */
    private static HandshakeException failure(FailureReason reason, ExtensionElement answer, String message) {
        return new HandshakeException(reason, ResponseHeaders.SEC_WEBSOCKET_EXTENSIONS, answer.toString(), message,
                null);
    }
}
