package dev.arclight.worker.api;

import dev.arclight.contracts.worker.WorkerCapacity;
import dev.arclight.worker.capacity.CapacityReporter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The host's capacity and what this worker's VMs hold of it, as also published on Kafka. */
@RestController
class CapacityController {

    private final CapacityReporter capacity;

    CapacityController(CapacityReporter capacity) {
        this.capacity = capacity;
    }

    @GetMapping("/capacity")
    WorkerCapacity capacity() {
        return capacity.currentCapacity();
    }
}
