package io.wshandshake.client.reactive;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.wshandshake.core.HandshakeException;
import io.wshandshake.core.HandshakeResult;
import io.wshandshake.core.HandshakeValidator;

/**
 * What the HTTP/1.1 and the HTTP/2 handshake handlers share: the first answer read is judged before anything after
 * this handler sees it. A refused answer never goes further (the attempt records the refusal, the pipeline hears it
 * as an error, the channel closes, and whatever still arrives is dropped); a validated one goes on, and the handler
 * leaves the pipeline.
 */
abstract class AnswerJudgingHandler extends ChannelDuplexHandler {

    final ReactiveHandshakeAttempt attempt;

    final HandshakeValidator validator;

    private boolean answered;

    private boolean refused;

    AnswerJudgingHandler(ReactiveHandshakeAttempt attempt, HandshakeValidator validator) {
        this.attempt = attempt;
        this.validator = validator;
    }

    /** Whether {@code msg} is the head of the server's answer. */
    abstract boolean isAnswer(Object msg);

    /**
     * Judges the answer against what the attempt sent.
     * @throws HandshakeException if the answer is refused
     */
    abstract HandshakeResult judge(Object answer);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (this.refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!this.answered && isAnswer(msg)) {
            this.answered = true;
            try {
                this.attempt.validated(judge(msg));
            }
            catch (HandshakeException ex) {
                this.refused = true;
                this.attempt.rejected(ex);
                ReferenceCountUtil.release(msg);
                ctx.fireExceptionCaught(ex);
                ctx.close();
                return;
            }
            ctx.fireChannelRead(msg);
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
