package dev.arclight.worker.host;

import dev.arclight.worker.vm.Accel;
import java.time.Duration;

/** Which accelerator this worker's VMs use, why, and how long deciding took. */
public record HypervisorChoice(Accel accel, String reason, Duration decidedIn) {}
