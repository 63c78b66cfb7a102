package io.wshandshake;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The one-way rules between this module's packages, one row each: the package on the left must not depend on the
 * one on the right. The engine's own rule (the JDK and nothing else) is {@code CoreArchitectureTest} in
 * handshake-core.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wshandshake");

    @ParameterizedTest(name = "io.wshandshake.{0} does not depend on io.wshandshake.{1}")
    @CsvSource({
            "observation, autoconfigure",
            "client,      autoconfigure",
    })
    void packageDoesNotDependOn(String dependent, String dependency) {
        noClasses().that().resideInAPackage("io.wshandshake." + dependent + "..")
                .should().dependOnClassesThat().resideInAPackage("io.wshandshake." + dependency + "..")
                .check(CLASSES);
    }

    /**
     * The classes that run a connect import nothing from {@code observation}: the observation and the session gauge
     * attach to the attempt lifecycle as listeners, which {@code HandshakeListeners} puts together for the builders
     * (the places where a client is assembled, with their public {@code observationRegistry},
     * {@code observationConvention} and {@code sessionCounter}). {@code HandshakeFailedEvent} is data, not the connect path: it answers {@code getOutcome()} in the
     * metrics' words.
     */
    @Test
    void theConnectPathDoesNotDependOnObservation() {
        noClasses().that().resideInAPackage("io.wshandshake.client..")
                .and().doNotHaveFullyQualifiedName("io.wshandshake.client.HandshakeFailedEvent")
                .and().haveNameNotMatching("io\\.wshandshake\\.client\\.(HandshakeListeners|ValidatingWebSocketClientBuilder"
                        + "|reactive\\.ValidatingReactorNettyWebSocketClientBuilder)(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("io.wshandshake.observation..")
                .check(CLASSES);
    }
}
