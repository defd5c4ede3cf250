package dev.arclight.pool.worker;

import dev.arclight.contracts.worker.WorkerCapacity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.time.Instant;

/** A worker the pool has heard from, with its last reported capacity. */
@Entity
@Table(name = "workers")
class KnownWorker {

    @Id
    @Column(name = "worker_id")
    private String workerId;

    private String apiUrl;
    private long memoryMib;
    private long committedMemoryMib;
    private int vcpus;
    private int committedVcpus;
    private int vms;
    private Instant reportedAt;

    protected KnownWorker() {}

    KnownWorker(WorkerCapacity capacity) {
        this.workerId = capacity.workerId();
        update(capacity);
    }

    /** Takes the report unless it is older than the one held; says whether it did. */
    boolean update(WorkerCapacity capacity) {
        if (reportedAt != null && !capacity.reportedAt().isAfter(reportedAt)) {
            return false;
        }
        apiUrl = capacity.apiUrl().toString();
        memoryMib = capacity.memoryMib();
        committedMemoryMib = capacity.committedMemoryMib();
        vcpus = capacity.vcpus();
        committedVcpus = capacity.committedVcpus();
        vms = capacity.vms();
        reportedAt = capacity.reportedAt();
        return true;
    }

    WorkerCapacity capacity() {
        return new WorkerCapacity(
                workerId, URI.create(apiUrl), memoryMib, committedMemoryMib, vcpus, committedVcpus, vms, reportedAt);
    }
}
