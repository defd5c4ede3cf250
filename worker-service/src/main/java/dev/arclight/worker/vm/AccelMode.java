package dev.arclight.worker.vm;

/** The accelerator setting: probe at start-up, or force one. */
public enum AccelMode {
    AUTO,
    KVM,
    TCG
}
