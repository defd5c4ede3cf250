package dev.arclight.worker.vm;

/** How QEMU runs a guest: hardware virtualisation, or software emulation where KVM does not work. */
public enum Accel {
    KVM("kvm"),
    TCG("qemu");

    private final String domainType;

    Accel(String domainType) {
        this.domainType = domainType;
    }

    /** The libvirt domain type that selects this accelerator. */
    public String domainType() {
        return domainType;
    }
}
