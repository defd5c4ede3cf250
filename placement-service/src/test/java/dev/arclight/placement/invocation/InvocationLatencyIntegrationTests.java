package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.contracts.invocation.InvocationHeaders;
import dev.arclight.contracts.worker.InvokeContainerRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Measures placement's warm path end to end in one JVM: HTTP into placement, resolution in
 * PostgreSQL, the permit, the pool, the HTTP hop to the stand-in worker and back. It prints the
 * numbers (they depend on the machine) and asserts only that every call was served warm.
 */
class InvocationLatencyIntegrationTests extends InvocationTestSupport {

    @Autowired
    MeterRegistry meters;

    static final int WARM_UP = 50;
    static final int CALLS = 500;

    @Test
    void servesWarmCallsAndReportsTheirRoundTrip() {
        createFunction("timed", "app.handler", 3);
        long coldBegan = System.nanoTime();
        assertThat(invoke("timed", "{}").header(InvocationHeaders.START)).isEqualTo("cold");
        double coldMs = (System.nanoTime() - coldBegan) / 1e6;
        for (int i = 0; i < WARM_UP; i++) {
            invoke("timed", "{}");
        }

        var millis = new double[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long began = System.nanoTime();
            var reply = invoke("timed", "{\"i\":" + i + "}");
            millis[i] = (System.nanoTime() - began) / 1e6;
            assertThat(reply.header(InvocationHeaders.START)).isEqualTo("warm");
            assertThat(reply.json().path("i").asInt()).isEqualTo(i);
        }

        // The same container called straight on the stand-in: the worker hop alone.
        var containerId = WORKER.startsOf(arn("timed", "$LATEST")).getFirst().containerId();
        var direct = new double[CALLS];
        for (int i = 0; i < CALLS; i++) {
            long began = System.nanoTime();
            workers.client("stand-in")
                    .invoke(containerId, new InvokeContainerRequest("r-" + i, "{}", null), Duration.ofSeconds(5));
            direct[i] = (System.nanoTime() - began) / 1e6;
        }
        var inPlacement = meters.get("arclight.placement.invocation.latency")
                .tag("start", "warm")
                .timer();

        Arrays.sort(millis);
        Arrays.sort(direct);
        System.out.printf(
                Locale.ROOT,
                "straight to the stand-in worker over %d calls: p50 %.2f ms, p99 %.2f ms; placement's own timer"
                        + " (warm, all calls so far): mean %.2f ms%n",
                CALLS,
                direct[CALLS / 2],
                direct[CALLS * 99 / 100],
                inPlacement.mean(TimeUnit.MILLISECONDS));
        System.out.printf(
                Locale.ROOT,
                "placement invoke round trip (stand-in worker): cold %.1f ms; warm over %d calls p50 %.2f ms,"
                        + " p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                coldMs,
                CALLS,
                millis[CALLS / 2],
                millis[CALLS * 9 / 10],
                millis[CALLS * 99 / 100],
                millis[CALLS - 1]);
    }
}
