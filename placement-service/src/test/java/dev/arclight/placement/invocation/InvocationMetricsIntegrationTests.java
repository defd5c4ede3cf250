package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class InvocationMetricsIntegrationTests extends InvocationTestSupport {

    @Autowired
    MeterRegistry meters;

    @Test
    void countsOutcomesAndHowEachCallFoundItsContainer() {
        createFunction("metered", "app.handler", 3);
        createFunction("metered-broken", "error.handler", 3);
        double succeeded = invocations("success");
        double failed = invocations("function_error");
        double notFound = invocations("ResourceNotFoundException");
        long cold = latencies("cold");
        long tenantVm = latencies("tenant-vm");
        long warm = latencies("warm");

        invoke("metered", "{}");
        invoke("metered", "{}");
        invoke("metered-broken", "{}");
        invoke("not-there", "{}");

        assertThat(invocations("success") - succeeded).isEqualTo(2);
        assertThat(invocations("function_error") - failed).isEqualTo(1);
        assertThat(invocations("ResourceNotFoundException") - notFound).isEqualTo(1);
        // The tenant's first call boots its VM; its second function's container goes into that VM.
        assertThat(latencies("cold") - cold).isEqualTo(1);
        assertThat(latencies("tenant-vm") - tenantVm).isEqualTo(1);
        assertThat(latencies("warm") - warm).isEqualTo(1);
        assertThat(meters.get("arclight.placement.containers")
                        .tag("state", "idle")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("arclight.placement.vms")
                        .tag("state", "running")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(1);
    }

    private double invocations(String outcome) {
        var counter = meters.find("arclight.placement.invocations")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long latencies(String start) {
        var timer = meters.find("arclight.placement.invocation.latency")
                .tag("start", start)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
