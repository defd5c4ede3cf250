package dev.arclight.placement.container;

import java.time.Instant;
import java.util.List;

/**
 * Where a tenant VM is in its life in {@link ContainerBooks}. A VM that is lost or destroyed
 * leaves the books at once (its destroy call needs no answer), so there is no state for it.
 */
public sealed interface VmState {

    /** The names of the states, as the metrics tag them. */
    List<String> NAMES = List.of("claiming", "booting", "running");

    /**
     * Being claimed from pool-service since {@code since}, for the one container that asked: its size
     * is only known once claimed, so no other container is put into it until then.
     */
    record Claiming(Instant since) implements VmState {}

    /** Being booted since {@code since}; containers may already be reserved in it. */
    record Booting(Instant since) implements VmState {}

    /** Booted or claimed: containers can be started in it. */
    record Running(VmHandle handle) implements VmState {}

    default String name() {
        return switch (this) {
            case Claiming c -> "claiming";
            case Booting b -> "booting";
            case Running r -> "running";
        };
    }
}
