package dev.arclight.worker.host;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code hypervisor} health component: which accelerator VMs use and why. UNKNOWN while the
 * probe runs, which keeps the worker's overall status UP.
 */
public class HypervisorHealthIndicator implements HealthIndicator {

    private final HypervisorProbe probe;
    private final String libvirtUri;

    public HypervisorHealthIndicator(HypervisorProbe probe, String libvirtUri) {
        this.probe = probe;
        this.libvirtUri = libvirtUri;
    }

    @Override
    public Health health() {
        var builder = probe.choice()
                .map(c -> Health.up()
                        .withDetail("accel", c.accel().name().toLowerCase())
                        .withDetail("reason", c.reason())
                        .withDetail("decidedInMs", c.decidedIn().toMillis()))
                .orElseGet(() -> Health.unknown().withDetail("accel", "probing"));
        return builder.withDetail("libvirtUri", libvirtUri).build();
    }
}
