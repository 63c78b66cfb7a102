package io.wshandshake.core;

import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One {@code extension-param} of RFC 6455 section 9.1: a name and an optional value. A quoted value is kept
 * unescaped, so {@code a="10"} and {@code a=10} are the same parameter.
 *
 * @param name the parameter name (a token, case-sensitive)
 * @param value the value (a token), or {@code null} when the parameter has none
 * @since 0.1.0
 */
public record ExtensionParameter(String name, @Nullable String value) {

    public ExtensionParameter {
        Objects.requireNonNull(name, "name");
    }

    /** A parameter without a value, such as {@code server_no_context_takeover}. */
    public static ExtensionParameter of(String name) {
        return new ExtensionParameter(name, null);
    }

    /** A parameter with a value, such as {@code server_max_window_bits=10}. */
    public static ExtensionParameter of(String name, String value) {
        return new ExtensionParameter(name, Objects.requireNonNull(value, "value"));
    }

    /** The value, empty when the parameter has none. */
    public Optional<String> optionalValue() {
        return Optional.ofNullable(this.value);
    }

    /** Whether the parameter carries a value. */
    public boolean hasValue() {
        return this.value != null;
    }

    /** The parameter as written in a header: {@code name} or {@code name=value}. */
    @Override
    public String toString() {
        return (this.value != null) ? this.name + "=" + this.value : this.name;
    }
}
