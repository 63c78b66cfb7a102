package io.wshandshake.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The engine is plain Java for any HTTP client: it depends on the JDK and itself, nothing of ours and nothing else
 * but JSpecify's nullness annotations, which nothing needs at run time. (The enforcer rule in this module's POM keeps
 * other dependencies off the class path; this keeps them out of the code.)
 */
class CoreArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.wshandshake.core");

    @Test
    void coreDependsOnTheJdkAndOnItselfOnly() {
        classes().that().resideInAPackage("io.wshandshake.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.wshandshake.core..", "java..",
                        "org.jspecify.annotations")
                .check(this.classes);
    }
}
