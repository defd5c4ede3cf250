package dev.arclight.placement.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arclight.placement.ConcurrencyAndAsyncTestSupport;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The ring's members, read from the instances' heartbeats in real PostgreSQL. */
class LiveInstancesIntegrationTests extends ConcurrencyAndAsyncTestSupport {

    @Autowired
    LiveInstances live;

    @Autowired
    ConcurrencyProperties properties;

    @Autowired
    DataSource dataSource;

    @Test
    void listsAnInstanceWhileItHeartbeatsAndDropsItAfterTheTimeout() {
        var name = "placement-" + UUID.randomUUID().toString().substring(0, 8);
        var other = new PostgresConcurrencyLimiter(name, properties, dataSource);
        other.start();
        try {
            assertThat(live.names()).contains(name, live.self());
            assertThat(new LiveInstances(other, properties, dataSource).names()).contains(name, live.self());

            other.abandon(); // killed: no more heartbeats
            await().atMost(Duration.ofSeconds(10)).until(() -> !live.names().contains(name));
            assertThat(live.names()).contains(live.self());
        } finally {
            other.close();
        }
    }

    @Test
    void alwaysCountsItselfEvenBeforeItsFirstHeartbeat() {
        var unregistered = new PostgresConcurrencyLimiter("never-started", properties, dataSource);
        assertThat(new LiveInstances(unregistered, properties, dataSource).names())
                .contains("never-started");
    }
}
