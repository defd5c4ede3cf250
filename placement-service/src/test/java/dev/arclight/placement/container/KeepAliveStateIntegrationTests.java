package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.tenant.TenantHeader;
import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.placement.PlacementApplication;
import dev.arclight.placement.worker.StandInWorker;
import dev.arclight.testkit.RealInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The learnt keep-alive survives a restart: placement (real PostgreSQL and Kafka, a stand-in
 * worker) serves calls, is shut down, and starts again under the same instance id knowing the
 * function's idle times and its tenant's; an instance under another id starts fresh.
 */
class KeepAliveStateIntegrationTests {

    static final StandInWorker WORKER = new StandInWorker();

    @AfterAll
    static void stopWorker() {
        WORKER.close();
    }

    @Test
    void theLearntStateSurvivesARestartOfTheApplication() throws IOException {
        var instance = "keepalive-restart-" + UUID.randomUUID().toString().substring(0, 8);
        var tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        String arn;
        try (var first = start(instance)) {
            var http = client(first, tenant);
            var created = http.post()
                    .uri("/2015-03-31/functions")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of(
                            "FunctionName", "echo",
                            "Runtime", "python3.11",
                            "Role", "arn:aws:iam::123456789012:role/lambda",
                            "Handler", "app.handler",
                            "Code", Map.of("ZipFile", zip())))
                    .retrieve()
                    .body(Map.class);
            arn = created.get("FunctionArn") + ":$LATEST";
            for (int i = 0; i < 3; i++) {
                http.post()
                        .uri("/2015-03-31/functions/echo/invocations")
                        .body("{}")
                        .retrieve()
                        .toBodilessEntity();
            }
            assertThat(observations(first, arn)).isEqualTo(2);
        }

        try (var again = start(instance)) {
            assertThat(observations(again, arn)).as("read back at start").isEqualTo(2);
            assertThat(policy(again, false).histories().knows(tenant)).isTrue();
        }
        try (var other = start(instance + "-other")) {
            assertThat(policy(other, true).histories().knows(arn)).isFalse();
        }
    }

    private static ConfigurableApplicationContext start(String instance) {
        var db = RealInfrastructure.postgres().databaseFor("placement");
        // As command-line arguments: they win over application.yml, as the environment does in production.
        var arguments = Map.of(
                "server.port",
                "0",
                "spring.jmx.enabled",
                "false",
                "spring.datasource.url",
                db.jdbcUrl(),
                "spring.datasource.username",
                db.username(),
                "spring.datasource.password",
                db.password(),
                "spring.kafka.bootstrap-servers",
                RealInfrastructure.kafka().bootstrapServers(),
                "arclight.placement.concurrency.instance-id",
                instance,
                "arclight.placement.workers[0].id",
                "keepalive-stand-in",
                "arclight.placement.workers[0].url",
                WORKER.url().toString(),
                "arclight.placement.keep-alive.state-interval",
                "1h");
        return new SpringApplicationBuilder(PlacementApplication.class)
                .run(arguments.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static RestClient client(ConfigurableApplicationContext context, String tenant) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(TenantHeader.NAME, tenant)
                .build();
    }

    private static ArclightKeepAlivePolicy policy(ConfigurableApplicationContext context, boolean containers) {
        return context.getBean(ContainerPool.class).withKeepAlive(planner ->
                (ArclightKeepAlivePolicy) (containers ? planner.containerPolicy() : planner.vmPolicy()));
    }

    private static int observations(ConfigurableApplicationContext context, String arn) {
        return context.getBean(ContainerPool.class)
                .withKeepAlive(planner -> ((ArclightKeepAlivePolicy) planner.containerPolicy())
                        .histories()
                        .of(arn)
                        .histogram()
                        .observations());
    }

    private static String zip() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("app.py"));
            zip.write("def handler(event, context):\n    return event\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
