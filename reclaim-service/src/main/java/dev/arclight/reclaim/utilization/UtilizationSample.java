package dev.arclight.reclaim.utilization;

import dev.arclight.contracts.utilization.VmUtilization;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One stored utilization sample of a VM. */
@Entity
@Table(name = "vm_utilization_samples")
public class UtilizationSample {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String vmId;
    private String workerId;
    private String tenant;
    private long allocatedMemoryMib;
    private long balloonMemoryMib;
    private long guestUsedMemoryMib;
    private long guestAvailableMemoryMib;
    private int containers;
    private Instant lastInvocationAt;
    private double cpuPercent;
    private Instant sampledAt;

    protected UtilizationSample() {}

    UtilizationSample(VmUtilization utilization) {
        this.vmId = utilization.vmId();
        this.workerId = utilization.workerId();
        this.tenant = utilization.tenant();
        this.allocatedMemoryMib = utilization.allocatedMemoryMib();
        this.balloonMemoryMib = utilization.balloonMemoryMib();
        this.guestUsedMemoryMib = utilization.guestUsedMemoryMib();
        this.guestAvailableMemoryMib = utilization.guestAvailableMemoryMib();
        this.containers = utilization.containers().size();
        this.lastInvocationAt = utilization.lastInvocationAt();
        this.cpuPercent = utilization.cpuPercent();
        this.sampledAt = utilization.sampledAt();
    }

    public String vmId() {
        return vmId;
    }

    public String workerId() {
        return workerId;
    }

    public String tenant() {
        return tenant;
    }

    public long allocatedMemoryMib() {
        return allocatedMemoryMib;
    }

    public long balloonMemoryMib() {
        return balloonMemoryMib;
    }

    public long guestUsedMemoryMib() {
        return guestUsedMemoryMib;
    }

    public long guestAvailableMemoryMib() {
        return guestAvailableMemoryMib;
    }

    public int containers() {
        return containers;
    }

    public Instant lastInvocationAt() {
        return lastInvocationAt;
    }

    public double cpuPercent() {
        return cpuPercent;
    }

    public Instant sampledAt() {
        return sampledAt;
    }
}
