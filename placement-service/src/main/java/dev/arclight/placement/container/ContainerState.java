package dev.arclight.placement.container;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a container is in its life in {@link ContainerBooks}. Only a started container has a
 * handle, so a state without one cannot be invoked or stopped by mistake.
 */
public sealed interface ContainerState {

    /** The names of the states the books hold, as the metrics tag them. */
    List<String> NAMES = List.of("starting", "idle", "busy", "stopping");

    /** Reserved in a VM and being started; {@code forCall}: busy once started, else idle. */
    record Starting(boolean forCall) implements ContainerState {}

    /** Started and waiting for a call since {@code since}. */
    record Idle(ContainerHandle handle, Instant since) implements ContainerState {}

    /** Serving one call. */
    record Busy(ContainerHandle handle) implements ContainerState {}

    /** Expired and being stopped; its memory stays taken until it is. */
    record Stopping(ContainerHandle handle) implements ContainerState {}

    /**
     * Out of the books (stopped, discarded, failed to start, or its VM lost). The books keep no
     * record of it; this is what they answer when asked about it.
     */
    record Removed() implements ContainerState {}

    default String name() {
        return switch (this) {
            case Starting s -> "starting";
            case Idle i -> "idle";
            case Busy b -> "busy";
            case Stopping s -> "stopping";
            case Removed r -> "removed";
        };
    }

    static Optional<ContainerHandle> handleOf(ContainerState state) {
        return switch (state) {
            case Idle i -> Optional.of(i.handle());
            case Busy b -> Optional.of(b.handle());
            case Stopping s -> Optional.of(s.handle());
            case Starting s -> Optional.empty();
            case Removed r -> Optional.empty();
        };
    }
}
