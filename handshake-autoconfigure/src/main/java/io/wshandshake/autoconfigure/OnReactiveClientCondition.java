package io.wshandshake.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link ConditionalOnReactiveClient}: after the class and property conditions, so a configuration that is off for
 * another reason ({@code handshake.enabled=false}, no WebFlux) never reads {@code handshake.reactive.client}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class OnReactiveClientCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnReactiveClient.class.getName());
        ReactiveClient required = (ReactiveClient) attributes.get("value");
        String value = context.getEnvironment().getProperty(ReactiveClient.PROPERTY, "auto");
        ReactiveClient chosen = ReactiveClient.choose(value, context.getClassLoader());
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnReactiveClient.class,
                required.value());
        String because = ReactiveClient.PROPERTY + " chose " + chosen.value();
        return (chosen == required) ? ConditionOutcome.match(message.because(because))
                : ConditionOutcome.noMatch(message.because(because));
    }
}
