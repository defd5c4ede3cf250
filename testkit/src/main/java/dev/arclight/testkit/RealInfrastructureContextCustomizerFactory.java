package dev.arclight.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Applies {@link WithRealInfrastructure}; registered in {@code META-INF/spring.factories}. */
public final class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        var annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, WithRealInfrastructure.class);
        return annotation == null ? null : new Customizer(annotation.database(), annotation.kafka());
    }

    /** A record, so that tests asking for the same infrastructure share one cached context. */
    private record Customizer(String database, boolean kafka) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new LinkedHashMap<>();
            if (!database.isEmpty()) {
                var db = RealInfrastructure.postgres().databaseFor(database);
                properties.put("spring.datasource.url", db.jdbcUrl());
                properties.put("spring.datasource.username", db.username());
                properties.put("spring.datasource.password", db.password());
            }
            if (kafka) {
                properties.put(
                        "spring.kafka.bootstrap-servers",
                        RealInfrastructure.kafka().bootstrapServers());
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("arclight-real-infrastructure", properties));
        }
    }
}
