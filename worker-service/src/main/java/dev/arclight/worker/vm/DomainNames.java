package dev.arclight.worker.vm;

import java.util.Locale;

/**
 * Names of this worker's libvirt domains: {@code arclight-<worker>-<vm id>}, so that an operator
 * running {@code virsh list} sees whose each VM is. The worker id is reduced to the characters VM
 * ids use.
 */
public record DomainNames(String workerId) {

    public String prefix() {
        return "arclight-" + workerId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + "-";
    }

    public String domainName(String vmId) {
        return prefix() + vmId;
    }
}
