package dev.arclight.placement.container;

/** A container in {@link ContainerBooks}; {@code vmId} is the books' id of the VM it is in. */
record BookedContainer(String id, ContainerKey key, int memoryMib, String vmId, ContainerState state) {

    BookedContainer with(ContainerState next) {
        return new BookedContainer(id, key, memoryMib, vmId, next);
    }
}
