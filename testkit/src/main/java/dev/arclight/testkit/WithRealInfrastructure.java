package dev.arclight.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context at the real test PostgreSQL and/or Kafka of this JVM, by setting the
 * same properties ({@code spring.datasource.*}, {@code spring.kafka.bootstrap-servers}) that the
 * service reads in production. Everything else comes from the service's own configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface WithRealInfrastructure {

    /** The service whose role and schema the data source uses; empty for a service without data. */
    String database() default "";

    /** Whether the service talks to Kafka. */
    boolean kafka() default true;
}
