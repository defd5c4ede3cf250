package dev.arclight.pool.worker;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the pool waits for workers.
 *
 * @param connectTimeout for a TCP connection
 * @param callTimeout for assign, resize and destroy
 * @param bootTimeout for a boot or restore (a TCG boot takes 15-40 s on a busy 2-core host)
 */
@Validated
@ConfigurationProperties("arclight.pool.worker-calls")
public record WorkerApiProperties(
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        @DefaultValue("10s") @NotNull Duration callTimeout,
        @DefaultValue("180s") @NotNull Duration bootTimeout) {}
