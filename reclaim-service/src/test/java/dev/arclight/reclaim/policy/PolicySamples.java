package dev.arclight.reclaim.policy;

import dev.arclight.contracts.utilization.ContainerState;
import dev.arclight.contracts.utilization.ContainerUtilization;
import dev.arclight.contracts.utilization.VmUtilization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Samples and settings the policy tests share. */
final class PolicySamples {

    static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");
    static final PolicySettings SETTINGS = new PolicySettings(
            Duration.ofSeconds(60),
            64,
            128,
            32,
            2,
            Duration.ofSeconds(30),
            Duration.ofSeconds(120),
            Duration.ofMinutes(30));

    private PolicySamples() {}

    /** Two equal samples of a VM, {@code span} seconds apart, the newer now. */
    static List<VmUtilization> steady(
            String tenant,
            long allocated,
            long balloon,
            long used,
            long available,
            List<ContainerUtilization> containers,
            Instant lastInvocationAt,
            int span) {
        return List.of(
                sample(
                        tenant,
                        allocated,
                        balloon,
                        used,
                        available,
                        containers,
                        lastInvocationAt,
                        NOW.minusSeconds(span)),
                sample(tenant, allocated, balloon, used, available, containers, lastInvocationAt, NOW));
    }

    /** Two samples 5 s apart of a tenant's VM last called five minutes ago, its container idle. */
    static List<VmUtilization> idle(long allocated, long balloon, long used, long available) {
        var window = new ArrayList<VmUtilization>();
        for (int ago : new int[] {5, 0}) {
            window.add(sample(
                    "t",
                    allocated,
                    balloon,
                    used,
                    available,
                    idleContainer(),
                    NOW.minusSeconds(300),
                    NOW.minusSeconds(ago)));
        }
        return window;
    }

    static List<ContainerUtilization> idleContainer() {
        return List.of(container(ContainerState.IDLE, 512));
    }

    static List<ContainerUtilization> busyContainer() {
        return busyContainer(512);
    }

    static List<ContainerUtilization> busyContainer(long limit) {
        return List.of(container(ContainerState.BUSY, limit));
    }

    static ContainerUtilization container(ContainerState state, long limit) {
        return new ContainerUtilization(
                "c-" + state + limit, "arn:aws:lambda:us-east-1:000000000001:function:f:1", state, limit, 30);
    }

    static VmUtilization sample(
            String tenant,
            long allocated,
            long balloon,
            long used,
            long available,
            List<ContainerUtilization> containers,
            Instant lastInvocationAt,
            Instant sampledAt) {
        return new VmUtilization(
                "vm-1", "w1", tenant, allocated, balloon, used, available, containers, lastInvocationAt, 0, sampledAt);
    }
}
