package dev.arclight.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ServiceBoundariesTests {

    private static final JavaClasses ARCLIGHT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.arclight");

    @Test
    void servicesDependOnEachOtherOnlyThroughContractsAndTheRing() {
        // Guard against a rule that passes because the services were not on the class path.
        assertThat(ServiceBoundaries.SERVICES)
                .allSatisfy(service -> assertThat(ARCLIGHT.containPackage("dev.arclight." + service))
                        .as("classes of %s-service imported", service)
                        .isTrue());
        ServiceBoundaries.servicesAreIndependent("dev.arclight").check(ARCLIGHT);
    }

    @Test
    void placementsFeaturePackagesHaveNoCycles() {
        // What every feature needs (errors, ARNs, the caller) is in placement's lambda package, so
        // features depend on it, never on each other in a circle.
        slices().matching("dev.arclight.placement.(*)..")
                .should()
                .beFreeOfCycles()
                .check(ARCLIGHT);
    }

    @Test
    void placementsLambdaPackageDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("dev.arclight.placement.lambda..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.arclight.placement.registry..",
                        "dev.arclight.placement.invocation..",
                        "dev.arclight.placement.container..",
                        "dev.arclight.placement.async..",
                        "dev.arclight.placement.concurrency..",
                        "dev.arclight.placement.worker..")
                .check(ARCLIGHT);
    }

    @Test
    void contractsDependOnNothingButTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("dev.arclight.contracts..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "dev.arclight.contracts..")
                .check(ARCLIGHT);
    }

    @Test
    void theRingDependsOnNothingButTheJdk() {
        // The gateway routes and placement provisions by it: it must stay plain Java both can run.
        assertThat(ARCLIGHT.containPackage("dev.arclight.ring")).isTrue();
        noClasses()
                .that()
                .resideInAPackage("dev.arclight.ring..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", "dev.arclight.ring..")
                .check(ARCLIGHT);
    }

    @Test
    void servicesNeverUseTheTestKitOrTheLocalStack() {
        noClasses()
                .that()
                .resideInAnyPackage(ServiceBoundaries.SERVICES.stream()
                        .map(s -> "dev.arclight." + s + "..")
                        .toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.arclight.testkit..", "dev.arclight.localstack..")
                .check(ARCLIGHT);
    }

    @Test
    void catchesAServiceThatCallsAnotherServicesCode() {
        var fixtures = new ClassFileImporter().importPackages("fixtures.arclight");

        assertThatThrownBy(() -> ServiceBoundaries.servicesAreIndependent("fixtures.arclight")
                        .check(fixtures))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("fixtures.arclight.gateway.Shortcut")
                .hasMessageContaining("fixtures.arclight.placement.Registry");
    }
}
