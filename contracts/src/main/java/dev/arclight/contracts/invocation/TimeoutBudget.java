package dev.arclight.contracts.invocation;

import java.time.Duration;
import java.util.Objects;

/**
 * The one time budget of an invocation, from the guest up to the gateway: every layer waits a
 * little longer than everything below it, so that the innermost layer that knows what went wrong
 * (the agent killed a function at its timeout, the worker gave up on a boot) is the one that answers,
 * and an outer layer's time-out only ever fires when an inner one is lost.
 *
 * <h2>The layers, inner to outer, for a function timeout T</h2>
 *
 * <ol>
 *   <li><b>Guest agent</b>: runs the function for at most T; a runtime (re)start, with the function's
 *       init code, for at most {@code runtimeInit}.
 *   <li><b>Worker</b> waits for the agent: invoke {@code T + runtimeInit + agentGrace} (an invoke
 *       after a crash re-inits first; the grace lets the agent kill and answer); container start
 *       {@code codeLoad + runtimeInit + agentGrace} (unpacking the code comes before the init); a
 *       VM boots within {@code vmBoot} of its start, or is destroyed; defining, starting
 *       and destroying it take at most {@code vmSetup} besides.
 *   <li><b>Placement</b> waits for the worker: each of the above plus {@code hop} (HTTP, JSON, a
 *       busy host). A cold call may do all three in turn: boot, start, invoke.
 *   <li><b>Gateway</b> waits for placement: the cold call's whole worst case plus {@code hop}.
 * </ol>
 *
 * The services read their limits from {@link #DEFAULT} (the worker's and placement's settings
 * default to it, and the gateway's {@code timeout-margin} must cover {@link #gatewayMargin()});
 * {@code TimeoutBudgetTests} checks that every outer limit covers the inner ones for every
 * function timeout Lambda allows (1 to 900 s). The numbers are sized for QEMU's software
 * emulation, where a boot takes 10-15 s and a runtime start several seconds: they are bounds for
 * what is lost, not what a call is expected to take.
 *
 * @param runtimeInit a runtime's start and the function's init code, in the guest
 * @param codeLoad receiving and unpacking a function's code, in the guest, before its init
 * @param agentGrace what the agent may need beyond a limit to kill the process and answer
 * @param vmBoot a VM's boot on the worker, from its start to agent ready (the worker's {@code
 *     boot-timeout})
 * @param vmSetup defining and starting a VM, and destroying one that missed its boot
 * @param hop one service-to-service call's own cost on top of what it waits for
 */
public record TimeoutBudget(
        Duration runtimeInit, Duration codeLoad, Duration agentGrace, Duration vmBoot, Duration vmSetup, Duration hop) {

    public static final TimeoutBudget DEFAULT = new TimeoutBudget(
            Duration.ofSeconds(60),
            Duration.ofSeconds(20),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofSeconds(20),
            Duration.ofSeconds(5));

    public TimeoutBudget {
        for (var part : new Duration[] {runtimeInit, codeLoad, agentGrace, vmBoot, vmSetup, hop}) {
            Objects.requireNonNull(part, "every part of the budget is required");
            if (part.isNegative() || part.isZero()) {
                throw new IllegalArgumentException("every part of the budget must be positive, was " + part);
            }
        }
    }

    /** How long the agent lets the function run. */
    public Duration guestInvoke(Duration functionTimeout) {
        return functionTimeout;
    }

    /** How long the worker waits for the agent's answer to an invoke. */
    public Duration workerInvoke(Duration functionTimeout) {
        return guestInvoke(functionTimeout).plus(runtimeInit).plus(agentGrace);
    }

    /** How long the worker waits for the agent to start a container. */
    public Duration workerStart() {
        return codeLoad.plus(runtimeInit).plus(agentGrace);
    }

    /** How long placement waits for the worker's answer to an invoke. */
    public Duration placementInvoke(Duration functionTimeout) {
        return workerInvoke(functionTimeout).plus(hop);
    }

    /** How long placement waits for the worker to start a container. */
    public Duration placementStart() {
        return workerStart().plus(hop);
    }

    /**
     * How long placement waits for the worker to boot a VM: defining and starting it, the boot, the
     * clean-up of a VM that missed its boot, and the hop.
     */
    public Duration placementBoot() {
        return vmSetup.plus(vmBoot).plus(hop);
    }

    /** The worst case of a call in placement: a VM booted, a container started, then the invoke. */
    public Duration placementCall(Duration functionTimeout) {
        return placementBoot().plus(placementStart()).plus(placementInvoke(functionTimeout));
    }

    /** How long the gateway waits for placement's answer. */
    public Duration gatewayCall(Duration functionTimeout) {
        return placementCall(functionTimeout).plus(hop);
    }

    /** What the gateway adds to a function's own timeout: {@code gatewayCall(T) - T}. */
    public Duration gatewayMargin() {
        return gatewayCall(Duration.ZERO);
    }
}
