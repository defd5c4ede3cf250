package dev.arclight.worker.vm;

import dev.arclight.worker.vm.VmState.BootTimes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots a VM from its kernel: defines the domain from {@link DomainXml}, starts it and waits for
 * the guest, timing each step. A boot that fails leaves neither domain nor files behind.
 */
final class VmBoot {

    private static final Logger log = LoggerFactory.getLogger(VmBoot.class);

    private final Domains domains;
    private final DomainNames names;
    private final Path vmDir;
    private final GuestWaits waits;
    private final VmTable table;
    private final VmRemoval removal;
    private final VmOperationTimer timer;
    private final Clock clock;
    private final TcgProperties tcg;

    VmBoot(
            Domains domains,
            DomainNames names,
            Path vmDir,
            GuestWaits waits,
            VmTable table,
            VmRemoval removal,
            VmOperationTimer timer,
            Clock clock,
            TcgProperties tcg) {
        this.domains = domains;
        this.names = names;
        this.vmDir = vmDir;
        this.waits = waits;
        this.table = table;
        this.removal = removal;
        this.timer = timer;
        this.clock = clock;
        this.tcg = tcg;
    }

    /** Defines and starts the VM and waits until the guest is ready, or destroys it and throws. */
    VirtualMachine boot(VmSpec spec, Duration timeout) {
        var name = names.domainName(spec.id());
        var createdAt = clock.instant();
        var files = new VmFiles(vmDir.resolve(name));
        var vm = VirtualMachine.starting(spec, name, files, createdAt, StartMethod.BOOT);
        table.register(vm);
        try {
            files.create();
            var xml = DomainXml.render(
                    name, spec, new VmMetadata(names.workerId(), spec.id(), spec.tenant(), createdAt), files, tcg);
            long t0 = System.nanoTime();
            domains.define(name, xml);
            long t1 = System.nanoTime();
            domains.start(name);
            long t2 = System.nanoTime();
            table.put(vm.withState(new VmState.Booting(clock.instant())));
            waits.awaitReady(name, files, timeout);
            long t3 = System.nanoTime();
            var times = new BootTimes(Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2));
            timer.record("define", times.define());
            timer.record("start", times.start());
            timer.record("ready", times.startToReady());
            var running = vm.withState(new VmState.Running(clock.instant(), Optional.of(times)));
            table.put(running);
            log.info(
                    "VM {} ({}, {}) ready in {} ms",
                    name,
                    spec.accel(),
                    spec.memoryMib() + " MiB",
                    times.total().toMillis());
            return running;
        } catch (RuntimeException e) {
            removal.discard(vm);
            throw e;
        }
    }
}
