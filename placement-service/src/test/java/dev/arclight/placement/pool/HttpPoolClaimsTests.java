package dev.arclight.placement.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.arclight.placement.StandInHttp;
import dev.arclight.placement.tracing.ClientTracing;
import dev.arclight.placement.worker.WorkerClient;
import dev.arclight.placement.worker.Workers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool client over real HTTP, against a stand-in pool and a stand-in worker that records deletes. */
class HttpPoolClaimsTests {

    private final StandInPool pool = new StandInPool();
    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private final HttpServer worker = StandInHttp.start(exchange -> {
        try (exchange) {
            if (exchange.getRequestMethod().equals("DELETE")) {
                deleted.add(exchange.getRequestURI().getPath());
            }
            exchange.sendResponseHeaders(204, -1);
        }
    });
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HttpPoolClaims claims = new HttpPoolClaims(
            new PoolProperties(true, pool.url(), Duration.ofMillis(300)),
            CircuitBreaker.ofDefaults("pool"),
            "placement-test",
            meters,
            HttpPoolClaims.destroyingOn(
                    new Workers(
                            List.of(),
                            (id, url) -> new WorkerClient(
                                    id, url, HttpClient.newHttpClient(), CircuitBreaker.ofDefaults("worker-" + id))),
                    Duration.ofSeconds(5)),
            ClientTracing.off());

    @AfterEach
    void stop() {
        pool.close();
        worker.stop(0);
    }

    @Test
    void aClaimAnsweredInTimeIsAHit() {
        pool.offer(new StandInPool.Offer("vm-1", "w1", StandInHttp.url(worker), 512));

        assertThat(claims.claim("acme", "python3.11", 256))
                .hasValueSatisfying(vm -> assertThat(vm.vmId()).isEqualTo("vm-1"));
        assertThat(deleted).isEmpty();
    }

    @Test
    void aVmWhoseClaimAnswersAfterTheTimeoutIsDestroyedOnItsWorkerNotLeaked() {
        pool.offer(new StandInPool.Offer("vm-late", "w1", StandInHttp.url(worker), 512));
        pool.delay = Duration.ofMillis(1500);

        long started = System.nanoTime();
        assertThat(claims.claim("acme", "python3.11", 256)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(deleted).containsExactly("/vms/vm-late"));
        assertThat(meters.get("arclight.placement.pool.claims")
                        .tag("outcome", "late")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aLateMissDestroysNothing() throws InterruptedException {
        pool.delay = Duration.ofMillis(1000);

        assertThat(claims.claim("acme", "python3.11", 256)).isEmpty();

        Thread.sleep(1500); // the late 404 has arrived by now
        assertThat(deleted).isEmpty();
    }
}
