package dev.arclight.placement.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.arclight.keepalive.ArclightKeepAlivePolicy;
import dev.arclight.keepalive.HistoryRetention;
import dev.arclight.keepalive.KeepAliveBounds;
import dev.arclight.testkit.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The shutdown write of the learnt keep-alive gives up instead of holding the shutdown for the
 * connection pool's timeout when the database cannot be reached (a real Hikari pool pointed at a
 * port nothing listens on).
 */
class KeepAliveStatesShutdownTests {

    @Test
    void theShutdownWriteGivesUpOnAnUnreachableDatabaseWithinItsLimit() throws IOException {
        var clock = new MutableClock(Instant.parse("2026-12-02T12:00:00Z"));
        var planner = new KeepAlivePlanner(
                new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, HistoryRetention.DEFAULT),
                new ArclightKeepAlivePolicy(clock, KeepAliveBounds.DEFAULT, HistoryRetention.DEFAULT),
                KeepAliveBounds.DEFAULT,
                KeepAlivePlanner.Windows.NONE);
        var pool = new ContainerPool(new FakeLauncher(), clock, planner, 1024, Duration.ofSeconds(5), false);
        try (var dataSource = unreachable()) {
            var states = new KeepAliveStates(pool, dataSource, "shutdown-test", Duration.ofHours(1));

            long started = System.nanoTime();
            states.saveWithin(Duration.ofSeconds(1));

            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("bounded by the limit, not by the pool's 30 s connection timeout")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    private static HikariDataSource unreachable() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/placement");
        config.setUsername("placement");
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
