package dev.arclight.placement.container;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tenant VM in {@link ContainerBooks}, under the books' own id (the worker's id comes with the
 * boot or claim). {@code emptySince} counts only while it holds no container: when it was booked or
 * its last container left. {@code runtimes} are those it keeps a pre-started runtime of: what it
 * was booted or pooled with, and every runtime a container was put into it with (its guest agent
 * keeps a spare of each runtime it ran).
 */
record BookedVm(String id, String tenant, long memoryMib, VmState state, Instant emptySince, Set<String> runtimes) {

    BookedVm {
        runtimes = Set.copyOf(runtimes);
    }

    static BookedVm booting(String id, String tenant, long memoryMib, Instant now, String runtime) {
        return new BookedVm(id, tenant, memoryMib, new VmState.Booting(now), now, Set.of(runtime));
    }

    static BookedVm claiming(String id, String tenant, long memoryMib, Instant now, String runtime) {
        return new BookedVm(id, tenant, memoryMib, new VmState.Claiming(now), now, Set.of(runtime));
    }

    /** Where it runs, once booted. */
    Optional<VmHandle> handle() {
        return state instanceof VmState.Running running ? Optional.of(running.handle()) : Optional.empty();
    }

    /**
     * Whether a new container of {@code runtime} starts here without an interpreter start: the VM
     * keeps a spare of it, or the runtime has no interpreter of ours to start ({@code provided}).
     */
    boolean hasSpareOf(String runtime) {
        return runtimes.contains(runtime) || runtime.startsWith("provided");
    }

    BookedVm with(VmState next) {
        return new BookedVm(id, tenant, memoryMib, next, emptySince, runtimes);
    }

    BookedVm with(VmState next, long memory) {
        return new BookedVm(id, tenant, memory, next, emptySince, runtimes);
    }

    BookedVm withRuntimes(Set<String> more) {
        var all = new TreeSet<>(runtimes);
        all.addAll(more);
        return new BookedVm(id, tenant, memoryMib, state, emptySince, all);
    }

    BookedVm emptiedAt(Instant now) {
        return new BookedVm(id, tenant, memoryMib, state, now, runtimes);
    }
}
