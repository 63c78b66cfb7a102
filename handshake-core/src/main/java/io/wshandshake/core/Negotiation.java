package io.wshandshake.core;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link ExtensionNegotiator} decided about one answer: accepted with an agreement (for example
 * {@link PerMessageDeflateParameters}), or rejected with a reason.
 *
 * @since 0.1.0
 */
public final class Negotiation {

    private final @Nullable Object agreement;

    private final @Nullable String rejection;

    private Negotiation(@Nullable Object agreement, @Nullable String rejection) {
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
    public @Nullable Object agreement() {
        return this.agreement;
    }

    /** Why the answer was rejected; {@code null} when accepted. */
    public @Nullable String rejection() {
        return this.rejection;
    }
}
