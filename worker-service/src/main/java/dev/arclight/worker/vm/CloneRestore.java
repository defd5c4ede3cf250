package dev.arclight.worker.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a clone of a template: copies the saved image with the clone's XML ({@link CloneXml}),
 * restores it paused, makes it persistent, resumes it and waits for its agent, which then takes
 * its own identity. A clone is this worker's VM like a booted one; on failure nothing of it is
 * left, neither domain, files nor copy.
 */
final class CloneRestore {

    private static final Logger log = LoggerFactory.getLogger(CloneRestore.class);

    private final VirtualMachines vms;
    private final TemplateFiles templates;
    private final LibvirtRestore restorer;

    CloneRestore(VirtualMachines vms, TemplateFiles templates, LibvirtRestore restorer) {
        this.vms = vms;
        this.templates = templates;
        this.restorer = restorer;
    }

    VirtualMachine restore(VmSpec spec, Path template, Consumer<VirtualMachine> identity) {
        var names = vms.names();
        var name = names.domainName(spec.id());
        var createdAt = vms.clock().instant();
        var files = new VmFiles(vms.vmDir().resolve(name));
        var vm = VirtualMachine.starting(spec, name, files, createdAt, StartMethod.RESTORE);
        vms.register(vm);
        var clone = templates.restoring(name);
        try {
            files.create();
            long t0 = System.nanoTime();
            var metadata = new VmMetadata(names.workerId(), spec.id(), spec.tenant(), createdAt, StartMethod.RESTORE);
            SaveImage.copyWithXml(template, clone, xml -> CloneXml.of(xml, name, files, metadata, vms.tcg()));
            long t1 = System.nanoTime();
            restorer.restorePaused(clone);
            long t2 = System.nanoTime();
            Files.deleteIfExists(clone);
            vms.domains().makePersistent(name);
            vms.domains().resume(name);
            vms.update(vm.withState(new VmState.Booting(vms.clock().instant())));
            vms.awaitReady(name, files, vms.bootTimeout());
            identity.accept(vm);
            long t3 = System.nanoTime();
            vms.recordOperation("restore-copy", Duration.ofNanos(t1 - t0));
            vms.recordOperation("restore", Duration.ofNanos(t2 - t1));
            vms.recordOperation("restore-ready", Duration.ofNanos(t3 - t2));
            var running = vm.withState(new VmState.Running(vms.clock().instant(), Optional.empty()));
            vms.update(running);
            log.info(
                    "VM {} restored from {} in {} ms (copy {} ms, restore {} ms, to identity {} ms)",
                    name,
                    template.getFileName(),
                    (t3 - t0) / 1_000_000,
                    (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000);
            return running;
        } catch (RuntimeException | IOException e) {
            vms.discard(vm);
            try {
                Files.deleteIfExists(clone);
            } catch (IOException ignored) {
                // tmpfs; the next restore of this name replaces it
            }
            throw e instanceof RuntimeException r
                    ? r
                    : new VmOperationException("restore of " + name + " failed: " + e.getMessage(), e);
        }
    }
}
