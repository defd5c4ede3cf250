package dev.arclight.architecture.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and every manifest under k8s/ name only what the code has: each Arclight
 * image is a service module, each port its server.port, each probe an actuator probe group the
 * service enables, each environment variable a setting the service binds (see {@link
 * KnownSettings}), each profile one it has an application-PROFILE.yml for. Rendering the overlays
 * (kubectl kustomize) and validating the compose file (docker-compose config) is .ci/run's part.
 */
class DeploymentManifestsTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern IMAGE = Pattern.compile("arclight/([a-z-]+)(:.*)?");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");
    private static final Pattern PROBE = Pattern.compile("/actuator/health/(liveness|readiness)");
    /** The JVM's own variable and Spring's profile switch (checked on its own). */
    private static final List<String> NOT_SETTINGS = List.of("JAVA_TOOL_OPTIONS", "SPRING_PROFILES_ACTIVE");

    private static final Map<String, KnownSettings> SERVICES = new HashMap<>();

    @BeforeAll
    static void readServices() throws IOException {
        for (var service : List.of("gateway", "placement", "pool", "reclaim", "worker")) {
            SERVICES.put(
                    service + "-service",
                    new KnownSettings(ROOT.resolve(service + "-service"), "dev.arclight." + service));
        }
    }

    @Test
    void composeServicesNameTheirModulesPortsProbesAndSettings() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        var checked = new ArrayList<String>();
        map(compose.get("services")).forEach((name, value) -> {
            var service = map(value);
            var image = IMAGE.matcher(String.valueOf(service.get("image")));
            if (!image.matches()) {
                return;
            }
            var module = image.group(1);
            var settings = settingsOf(module);
            assertThat(name).as("compose service of %s", module).isEqualTo(module);
            var build = map(service.get("build"));
            assertThat(ROOT.resolve(String.valueOf(build.get("dockerfile")))).exists();
            var args = map(build.get("args"));
            if (!args.isEmpty()) {
                assertThat(args.get("SERVICE")).isEqualTo(module);
                assertThat(args.get("PORT")).isEqualTo(String.valueOf(settings.serverPort));
            }
            for (Object port : list(service.get("ports"))) {
                assertThat(String.valueOf(port)).endsWith(":" + settings.serverPort);
            }
            var health = String.join(
                    " ",
                    list(map(service.get("healthcheck")).get("test")).stream()
                            .map(String::valueOf)
                            .toList());
            assertThat(health).contains("localhost:" + settings.serverPort + "/actuator/health/");
            probe(module, health);
            var environment = map(service.get("environment"));
            environment.keySet().forEach(variable -> assertBinds(module, variable, environment.values()));
            checked.add(module);
        });
        assertThat(checked).containsExactlyInAnyOrderElementsOf(SERVICES.keySet());
    }

    @Test
    void kubernetesContainersNameTheirModulesPortsProbesAndSettings() throws IOException {
        var documents = manifests();
        var configMaps = new HashMap<String, Map<String, Object>>();
        documents.stream()
                .filter(d -> "ConfigMap".equals(d.get("kind")) || "Secret".equals(d.get("kind")))
                .forEach(d -> {
                    var data = map(d.get("data"));
                    data.putAll(map(d.get("stringData")));
                    configMaps.merge(name(d), data, (a, b) -> {
                        a.putAll(b);
                        return a;
                    });
                });
        var checked = new ArrayList<String>();
        for (var document : documents) {
            var pod = map(map(map(document.get("spec")).get("template")).get("spec"));
            for (Object entry : list(pod.get("containers"))) {
                var container = map(entry);
                var image = IMAGE.matcher(String.valueOf(container.get("image")));
                if (!image.matches()) {
                    continue;
                }
                var module = image.group(1);
                var settings = settingsOf(module);
                var ports = list(container.get("ports"));
                assertThat(ports).hasSize(1);
                assertThat(map(ports.getFirst()).get("containerPort")).isEqualTo(settings.serverPort);
                for (var kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    var get = map(map(container.get(kind)).get("httpGet"));
                    assertThat(get).as("%s of %s", kind, module).isNotEmpty();
                    probe(module, String.valueOf(get.get("path")));
                    assertThat(get.get("port")).isEqualTo(map(ports.getFirst()).get("name"));
                }
                var variables = new HashMap<String, Object>();
                for (Object from : list(container.get("envFrom"))) {
                    var ref =
                            map(map(from).getOrDefault("configMapRef", map(from).get("secretRef")));
                    assertThat(configMaps).containsKey(String.valueOf(ref.get("name")));
                    variables.putAll(configMaps.get(String.valueOf(ref.get("name"))));
                }
                for (Object env : list(container.get("env"))) {
                    variables.put(String.valueOf(map(env).get("name")), map(env).get("value"));
                }
                variables.keySet().forEach(variable -> assertBinds(module, variable, variables.values()));
                checked.add(module);
            }
        }
        assertThat(checked).containsAll(SERVICES.keySet());
    }

    private static void assertBinds(String module, String variable, Iterable<Object> values) {
        var settings = settingsOf(module);
        if (variable.equals("SPRING_PROFILES_ACTIVE")) {
            return;
        }
        var referenced = false;
        for (Object value : values) {
            var reference = REFERENCE.matcher(String.valueOf(value));
            while (reference.find()) {
                referenced |= reference.group(1).equals(variable);
            }
        }
        assertThat(NOT_SETTINGS.contains(variable) || referenced || settings.binds(variable))
                .as("%s is given %s, which it binds to no setting", module, variable)
                .isTrue();
    }

    private static void probe(String module, String path) {
        assertThat(PROBE.matcher(path).find()).as("%s probes %s", module, path).isTrue();
        assertThat(settingsOf(module).probesEnabled)
                .as("%s enables the actuator's probe groups", module)
                .isTrue();
    }

    @Test
    void profilesTheManifestsActivateExist() throws IOException {
        for (var document : manifests()) {
            var pod = map(map(map(document.get("spec")).get("template")).get("spec"));
            for (Object entry : list(pod.get("containers"))) {
                var image = IMAGE.matcher(String.valueOf(map(entry).get("image")));
                if (!image.matches()) {
                    continue;
                }
                for (Object env : list(map(entry).get("env"))) {
                    if ("SPRING_PROFILES_ACTIVE".equals(map(env).get("name"))) {
                        for (var profile : String.valueOf(map(env).get("value")).split(",")) {
                            assertThat(settingsOf(image.group(1)).profiles).contains(profile.trim());
                        }
                    }
                }
            }
        }
    }

    private static KnownSettings settingsOf(String module) {
        assertThat(SERVICES)
                .as("arclight/%s is an image of a service module", module)
                .containsKey(module);
        return SERVICES.get(module);
    }

    private static List<Map<String, Object>> manifests() throws IOException {
        var documents = new ArrayList<Map<String, Object>>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("k8s"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    if (document != null) {
                        documents.add(map(document));
                    }
                }
            }
        }
        assertThat(documents).isNotEmpty();
        return documents;
    }

    private static String name(Map<String, Object> document) {
        return String.valueOf(map(document.get("metadata")).get("name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? new HashMap<>((Map<String, Object>) m) : new HashMap<>();
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }
}
