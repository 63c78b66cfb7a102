package io.wshandshake.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code handshake.reactive.client} chooses the given WebFlux client; a value that names no client, or
 * a client that is not on the classpath, fails the start (see {@link ReactiveClient#choose}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnReactiveClientCondition.class)
@interface ConditionalOnReactiveClient {

    /** The client that must be chosen. */
    ReactiveClient value();
}
