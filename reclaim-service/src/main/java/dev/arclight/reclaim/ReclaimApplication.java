package dev.arclight.reclaim;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ReclaimApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReclaimApplication.class, args);
    }
}
