package dev.arclight.placement.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arclight.placement.lambda.LambdaException.TooManyRequestsException.Reason;
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

    @Test
    void countsEachThrottleOnceByLambdasReason() {
        createFunction("throttled", "app.handler", 3);
        double reserved = throttles(Reason.ReservedFunctionConcurrentInvocationLimitExceeded);
        double account = throttles(Reason.ConcurrentInvocationLimitExceeded);
        double refused = invocations("TooManyRequestsException");

        limiter.refusing.set(Reason.ReservedFunctionConcurrentInvocationLimitExceeded);
        var first = invoke("throttled", "{}");
        invoke("throttled", "{}");
        limiter.refusing.set(Reason.ConcurrentInvocationLimitExceeded);
        invoke("throttled", "{}");
        limiter.refusing.set(null);
        var served = invoke("throttled", "{}");

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.json().path("Reason").asString())
                .isEqualTo(Reason.ReservedFunctionConcurrentInvocationLimitExceeded.name());
        assertThat(served.status()).isEqualTo(200);
        assertThat(throttles(Reason.ReservedFunctionConcurrentInvocationLimitExceeded) - reserved)
                .isEqualTo(2);
        assertThat(throttles(Reason.ConcurrentInvocationLimitExceeded) - account)
                .isEqualTo(1);
        assertThat(invocations("TooManyRequestsException") - refused).isEqualTo(3);
    }

    private double throttles(Reason reason) {
        var counter = meters.find("arclight.placement.throttles")
                .tag("reason", reason.name())
                .counter();
        return counter == null ? 0 : counter.count();
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
