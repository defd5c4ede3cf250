package dev.arclight.worker.container;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One function version's container inside a VM, as the worker last saw it.
 *
 * @param timeout how long one invocation may run
 * @param invocations invocations served so far
 * @param lastInvocationAt when the last one started, empty if none has
 * @param preStarted its runtime process was pre-started in the VM (its interpreter was up and
 *     waiting before the container existed), so its start only loaded the function's code
 */
public record Container(
        String id,
        String vmId,
        String functionArn,
        String functionVersion,
        String runtime,
        int memoryMib,
        Duration timeout,
        State state,
        long invocations,
        Optional<Instant> lastInvocationAt,
        boolean preStarted) {

    /**
     * Where a container is in its life. Lambda never queues a call on a busy sandbox, so only an
     * {@link #IDLE} container accepts an invocation.
     */
    public enum State {
        STARTING,
        IDLE,
        BUSY,
        STOPPED
    }

    public Container {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastInvocationAt, "lastInvocationAt");
    }

    Container withPreStarted(boolean next) {
        return copy(state, invocations, lastInvocationAt, next);
    }

    Container with(State next) {
        return copy(next, invocations, lastInvocationAt, preStarted);
    }

    Container invokedAt(Instant at) {
        return copy(State.BUSY, invocations + 1, Optional.of(at), preStarted);
    }

    private Container copy(State nextState, long nextInvocations, Optional<Instant> lastAt, boolean nextPreStarted) {
        return new Container(
                id,
                vmId,
                functionArn,
                functionVersion,
                runtime,
                memoryMib,
                timeout,
                nextState,
                nextInvocations,
                lastAt,
                nextPreStarted);
    }
}
