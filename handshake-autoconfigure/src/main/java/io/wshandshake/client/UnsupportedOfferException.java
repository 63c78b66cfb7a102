package io.wshandshake.client;

/**
 * The WebSocket container cannot send or honour one of the validator's extension offers.
 *
 * @since 0.1.0
 */
public class UnsupportedOfferException extends IllegalArgumentException {

    private final int offerIndex;

    private final String offer;

    private final String reason;

    public UnsupportedOfferException(int offerIndex, String offer, String reason) {
        super("Extension offer [" + offerIndex + "] " + offer + ": " + reason);
        this.offerIndex = offerIndex;
        this.offer = offer;
        this.reason = reason;
    }

    /** The index of the offer among the validator's extension offers. */
    public int getOfferIndex() {
        return this.offerIndex;
    }

    /** The offer, as a list element. */
    public String getOffer() {
        return this.offer;
    }

    /** Why the container cannot use it. */
    public String getReason() {
        return this.reason;
    }
}
