package io.wshandshake.core;

import java.util.Objects;

/**
 * What an {@link ExtensionNegotiator} decided about one answer: accepted with an agreement (for example
 * {@link PerMessageDeflateParameters}), or rejected with a reason.
 */
public final class Negotiation {

    private final Object agreement;

    private final String rejection;

    private Negotiation(Object agreement, String rejection) {
        this.agreement = agreement;
        this.rejection = rejection;
    }

    /** The answer is acceptable; {@code agreement} describes what was agreed (any non-null object). */
    public static Negotiation accepted(Object agreement) {
        return new Negotiation(Objects.requireNonNull(agreement, "agreement"), null);
    }

    /** The answer is not acceptable for {@code reason}. */
    public static Negotiation rejected(String reason) {
        return new Negotiation(null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean isAccepted() {
        return this.agreement != null;
    }

    /** What was agreed; {@code null} when rejected. */
    public Object agreement() {
        return this.agreement;
    }

    /** Why the answer was rejected; {@code null} when accepted. */
    public String rejection() {
        return this.rejection;
    }
}
