package dev.arclight.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/** The rules, parameterized by root package so they can be shown to catch a violation. */
final class ServiceBoundaries {

    static final List<String> SERVICES = List.of("gateway", "placement", "pool", "reclaim", "worker");

    /** The services that own data; the schema of each is named after it. */
    static final List<String> DATA_OWNERS = List.of("placement", "pool", "reclaim");

    private ServiceBoundaries() {}

    /** No service's code refers to another service's code, nor to test or local-only modules. */
    static ArchRule servicesAreIndependent(String root) {
        var rules = SERVICES.stream()
                .map(service -> noClasses()
                        .that()
                        .resideInAPackage(root + "." + service + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(SERVICES.stream()
                                .filter(other -> !other.equals(service))
                                .map(other -> root + "." + other + "..")
                                .toArray(String[]::new))
                        .as("%s-service depends on no other service".formatted(service))
                        .allowEmptyShould(true))
                .toList();
        return CompositeArchRule.of(rules)
                .as("services depend on each other only through the contracts and ring modules");
    }
}
