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
    private Instant receivedAt;

    protected KnownWorker() {}

    KnownWorker(WorkerCapacity capacity, Instant receivedAt) {
        this.workerId = capacity.workerId();
        update(capacity, receivedAt);
    }

    /** Takes the report unless it is older than the one held; says whether it did. */
    boolean update(WorkerCapacity capacity, Instant receivedAt) {
        if (reportedAt != null && !capacity.reportedAt().isAfter(reportedAt)) {
            return false;
        }
        this.receivedAt = receivedAt;
        apiUrl = capacity.apiUrl().toString();
        memoryMib = capacity.memoryMib();
        committedMemoryMib = capacity.committedMemoryMib();
        vcpus = capacity.vcpus();
        committedVcpus = capacity.committedVcpus();
        vms = capacity.vms();
        reportedAt = capacity.reportedAt();
        return true;
    }

    WorkerReport report() {
        return new WorkerReport(capacity(), receivedAt);
    }

    WorkerCapacity capacity() {
        return new WorkerCapacity(
                workerId, URI.create(apiUrl), memoryMib, committedMemoryMib, vcpus, committedVcpus, vms, reportedAt);
    }
}
