package dev.arclight.architecture.deployment;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings one service understands, in the form Spring's relaxed binding compares them
 * (lower case, letters and digits only, list indexes dropped): the keys of its application*.yml,
 * the components of its {@code @ConfigurationProperties} records (nested records and list
 * elements included; a map accepts any key below it), and Spring Boot's own keys from the
 * configuration metadata of the jars on the classpath (not those deprecated at level error, which
 * bind to nothing). An environment variable is known when its
 * relaxed form is one of these, or lies below a map-typed one.
 */
final class KnownSettings {

    private static final Pattern INDEX = Pattern.compile("(_[0-9]+)(?=_|$)|\\[[0-9]+]");
    private static final Set<String> BOOT_KEYS = bootKeys();

    private final Set<String> keys = new HashSet<>();
    private final Set<String> mapPrefixes = new HashSet<>();
    private final Set<String> placeholders = new HashSet<>();
    final Set<String> profiles = new HashSet<>();
    final Integer serverPort;
    final boolean probesEnabled;

    KnownSettings(Path module, String rootPackage) throws IOException {
        var resources = module.resolve("src/main/resources");
        Map<String, Object> main = Map.of();
        try (var files = Files.list(resources)) {
            for (var file : files.filter(f -> f.getFileName().toString().matches("application(-.+)?\\.yml"))
                    .toList()) {
                var text = Files.readString(file);
                var name = file.getFileName().toString();
                if (name.startsWith("application-")) {
                    profiles.add(name.substring("application-".length(), name.length() - ".yml".length()));
                }
                var placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(text);
                while (placeholder.find()) {
                    placeholders.add(placeholder.group(1));
                }
                for (Object document : new Yaml().loadAll(text)) {
                    if (document instanceof Map<?, ?> map) {
                        flatten("", map);
                        if (name.equals("application.yml")) {
                            @SuppressWarnings("unchecked")
                            var typed = (Map<String, Object>) map;
                            main = typed;
                        }
                    }
                }
            }
        }
        serverPort = (Integer) path(main, "server", "port");
        probesEnabled = Boolean.TRUE.equals(path(main, "management", "endpoint", "health", "probes", "enabled"));
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
        for (var javaClass : classes) {
            if (javaClass.isAnnotatedWith(ConfigurationProperties.class)) {
                var type = javaClass.reflect();
                var annotation = type.getAnnotation(ConfigurationProperties.class);
                var prefix = annotation.value().isEmpty() ? annotation.prefix() : annotation.value();
                components(relaxed(prefix), type);
            }
        }
    }

    /** Whether this service binds the environment variable {@code name}. */
    boolean binds(String name) {
        if (placeholders.contains(name)) {
            return true;
        }
        var relaxed = relaxed(INDEX.matcher(name).replaceAll(""));
        return keys.contains(relaxed)
                || BOOT_KEYS.contains(relaxed)
                || mapPrefixes.stream().anyMatch(relaxed::startsWith);
    }

    static String relaxed(String key) {
        return INDEX.matcher(key).replaceAll("").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private void flatten(String prefix, Map<?, ?> map) {
        map.forEach((key, value) -> {
            var name = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            keys.add(relaxed(name));
            if (value instanceof Map<?, ?> child) {
                flatten(name, child);
            } else if (value instanceof List<?> list) {
                list.stream().filter(Map.class::isInstance).forEach(item -> flatten(name, (Map<?, ?>) item));
            }
        });
    }

    private void components(String prefix, Class<?> type) {
        if (!type.isRecord()) {
            keys.add(prefix);
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            var name = prefix + relaxed(component.getName());
            keys.add(name);
            element(name, component.getGenericType());
        }
    }

    private void element(String name, Type type) {
        if (type instanceof Class<?> plain && plain.isRecord()) {
            components(name, plain);
        } else if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            var arguments = generic.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw)) {
                mapPrefixes.add(name);
            } else if (Collection.class.isAssignableFrom(raw)) {
                element(name, arguments[0]);
            }
        }
    }

    private static Object path(Map<String, Object> map, String... keys) {
        Object node = map;
        for (var key : keys) {
            node = node instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return node;
    }

    private static Set<String> bootKeys() {
        var keys = new HashSet<String>();
        var json = JsonMapper.builder().build();
        try {
            var resources =
                    KnownSettings.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
            while (resources.hasMoreElements()) {
                try (InputStream in = resources.nextElement().openStream()) {
                    JsonNode root = json.readTree(in);
                    // A key deprecated at level error is no longer bound: setting it does nothing.
                    root.path("properties").forEach(p -> {
                        if (!"error".equals(p.path("deprecation").path("level").asText())) {
                            keys.add(relaxed(p.path("name").asText()));
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read Spring Boot's configuration metadata", e);
        }
        return keys;
    }
}
