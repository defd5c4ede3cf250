package dev.arclight.placement.container;

import java.time.Instant;
import java.util.Optional;

/**
 * A tenant VM in {@link ContainerBooks}, under the books' own id (the worker's id comes with the
 * boot or claim). {@code emptySince} counts only while it holds no container: when it was booked or
 * its last container left.
 */
record BookedVm(String id, String tenant, long memoryMib, VmState state, Instant emptySince) {

    static BookedVm booting(String id, String tenant, long memoryMib, Instant now) {
        return new BookedVm(id, tenant, memoryMib, new VmState.Booting(now), now);
    }

    static BookedVm claiming(String id, String tenant, long memoryMib, Instant now) {
        return new BookedVm(id, tenant, memoryMib, new VmState.Claiming(now), now);
    }

    /** Where it runs, once booted. */
    Optional<VmHandle> handle() {
        return state instanceof VmState.Running running ? Optional.of(running.handle()) : Optional.empty();
    }

    BookedVm with(VmState next) {
        return new BookedVm(id, tenant, memoryMib, next, emptySince);
    }

    BookedVm with(VmState next, long memory) {
        return new BookedVm(id, tenant, memory, next, emptySince);
    }

    BookedVm emptiedAt(Instant now) {
        return new BookedVm(id, tenant, memoryMib, state, now);
    }
}
