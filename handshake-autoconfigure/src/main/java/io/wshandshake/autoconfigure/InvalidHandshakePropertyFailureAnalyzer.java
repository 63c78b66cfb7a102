package io.wshandshake.autoconfigure;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Explains an {@link InvalidHandshakePropertyException} instead of a stack trace, with the origin of the value (file
 * and line, or property source) as Boot's own analyzer of {@code InvalidConfigurationPropertyValueException} shows it.
 */
class InvalidHandshakePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidHandshakePropertyException> {

    private final Environment environment;

    /** @param environment the application's environment, which Boot hands to failure analyzers */
    InvalidHandshakePropertyFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidHandshakePropertyException cause) {
        String description = "The WebSocket handshake property '" + cause.getProperty() + "' has the invalid value "
                + cause.getValue() + ":\n\n    " + cause.getProblem();
        Origin origin = origin(cause.getProperty());
        if (origin != null) {
            description += "\n\n    Origin: " + origin;
        }
        return new FailureAnalysis(description, cause.getFix(), cause);
    }

    /**
     * Where the value came from: the property in the first source that has it (the one bound), or for a list entry
     * such as {@code handshake.subprotocols[1]} given as one comma-separated value, that whole value.
     */
    private @Nullable Origin origin(String property) {
        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
        if (name == null || !(this.environment instanceof ConfigurableEnvironment)) {
            return null;
        }
        while (!name.isEmpty()) {
            for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
                ConfigurationProperty found = source.getConfigurationProperty(name);
                if (found != null) {
                    return found.getOrigin();
                }
            }
            if (!name.isLastElementIndexed()) {
                return null;
            }
            name = name.getParent();
        }
        return null;
    }
}
