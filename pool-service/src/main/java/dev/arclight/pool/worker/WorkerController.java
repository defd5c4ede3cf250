package dev.arclight.pool.worker;

import dev.arclight.contracts.worker.WorkerCapacity;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read-only view of the worker inventory, for operators and the other services. */
@RestController
@RequestMapping("/pool/workers")
class WorkerController {

    private final WorkerInventory inventory;

    WorkerController(WorkerInventory inventory) {
        this.inventory = inventory;
    }

    @GetMapping
    List<WorkerCapacity> workers() {
        return inventory.all();
    }

    @GetMapping("/{workerId}")
    ResponseEntity<WorkerCapacity> worker(@PathVariable String workerId) {
        return ResponseEntity.of(inventory.find(workerId));
    }
}
