package io.wshandshake.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine is plain Java: the rest of the project depends on it, never the other way round. */
class CoreArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wshandshake");

    @Test
    void coreImportsNothingFromSpringOrMicrometerOrJakarta() {
        noClasses().that().resideInAPackage("io.wshandshake.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.micrometer..",
                        "jakarta..", "org.apache..")
                .check(this.classes);
    }

    @Test
    void coreDependsOnNoOtherPackageOfTheProject() {
        noClasses().that().resideInAPackage("io.wshandshake.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.wshandshake.client..",
                        "io.wshandshake.observation..", "io.wshandshake.autoconfigure..")
                .check(this.classes);
    }
}
