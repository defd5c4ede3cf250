package dev.arclight.worker.vm;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts VMs by restoring a template's saved state instead of booting.
 *
 * <p>Per {@link TemplateKey} the worker boots one template VM with {@code arclight.snapshot-source}
 * on its kernel command line (its agent then never reads the boot id, which Linux makes on first
 * read), waits for its agent, lets go of the agent's port (so the saved port is closed and every
 * clone's agent sees its host connect), and saves it with libvirt's {@code virDomainSave} to a
 * file in {@code dir} (tmpfs, so restores read from memory). A clone is restored from a copy of
 * that image whose XML names the clone ({@link SaveImage}), paused; it is made persistent, resumed,
 * and not handed out before its agent has taken its own identity ({@code identity}: host random
 * bytes into the kernel's pool and a CRNG reseed, the host's clock, then its own boot id).
 *
 * <p>Why libvirt's save/restore and not QEMU's {@code x-ignore-shared} template cloning: it stays
 * inside libvirt's domain model (security labels, the channel socket, reconcile, destroy), where
 * {@code x-ignore-shared} needs QEMU command-line pass-through, {@code -incoming defer} and a
 * shared memory file libvirt does not manage. The price: every clone reads the whole state into
 * memory of its own, so clones share no guest memory (measured in docs/benchmarks.md).
 *
 * <p>Why the template holds no pre-started runtimes: a runtime process carries state seeded at
 * its start (OpenSSL's DRBG and V8's Math.random state in node, Python's hash secret) that a
 * clone would share with every sibling. Clones start their spares after {@code identity}.
 *
 * <p>No template yet: the caller boots, and the template is built in the background. A restore
 * that fails deletes the template (it is rebuilt on the next miss) and the caller boots. A new
 * guest image is a new key; templates of other images are deleted when a new one is saved.
 *
 * <p>Here: the keys and building templates. The images are kept by {@link TemplateFiles}, clones
 * restored by {@link CloneRestore}.
 */
public class Snapshots implements AutoCloseable {

    /** Appended to the kernel command line of template VMs (read by guest/agent/identity.py). */
    public static final String SNAPSHOT_SOURCE_ARGUMENT = "arclight.snapshot-source";

    private static final Logger log = LoggerFactory.getLogger(Snapshots.class);
    private static final Duration PORT_SETTLE = Duration.ofSeconds(1);

    private final VirtualMachines vms;
    private final TemplateFiles templates;
    private final CloneRestore clones;
    private final Map<TemplateKey, Boolean> building = new ConcurrentHashMap<>();
    private final ExecutorService builds = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Long hypervisorVersion;

    public Snapshots(VirtualMachines vms, Path dir, String libvirtUri, BootReadiness readiness, MeterRegistry meters) {
        this.vms = vms;
        this.templates = new TemplateFiles(dir);
        this.clones = new CloneRestore(vms, templates, new LibvirtRestore(libvirtUri));
    }

    public TemplateKey key(VmSpec spec, String imageHash) {
        var version = hypervisorVersion;
        if (version == null) {
            version = vms.domains().hypervisorVersion();
            hypervisorVersion = version;
        }
        return TemplateKey.of(spec, imageHash, version);
    }

    /** The template's saved image, if one has been saved for this key. */
    public Optional<Path> template(TemplateKey key) {
        return templates.find(key);
    }

    /** Starts building the key's template in the background, unless one is being built. */
    public void buildInBackground(TemplateKey key, VmSpec like) {
        if (building.putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        builds.submit(() -> {
            try {
                build(key, like);
            } catch (RuntimeException e) {
                log.warn("template {} could not be built: {}", key.name(), e.getMessage());
            } finally {
                building.remove(key);
            }
        });
    }

    /** Boots the template VM, saves it, and returns its image (blocking: tens of seconds under TCG). */
    public Path build(TemplateKey key, VmSpec like) {
        long t0 = System.nanoTime();
        var spec = new VmSpec(
                // Short: the agent socket path under it must fit a UNIX socket address (108 bytes).
                Reconciliation.TEMPLATE_ID_PREFIX
                        + key.name().substring(key.name().length() - 8),
                Optional.empty(),
                like.memoryMib(),
                like.maxMemoryMib(),
                like.vcpus(),
                like.image().withCmdlineArgument(SNAPSHOT_SOURCE_ARGUMENT),
                like.accel());
        var vm = vms.boot(spec);
        var file = templates.file(key);
        try {
            templates.createDirectory();
            // The readiness check has closed its connection; let the guest see the port close, so
            // that clones start with no host connected and their agents announce themselves.
            Thread.sleep(PORT_SETTLE);
            long t1 = System.nanoTime();
            vms.domains().save(vm.domainName(), templates.partial(key));
            vms.recordOperation("save", Duration.ofNanos(System.nanoTime() - t1));
            vms.forget(vm);
            templates.publish(key);
        } catch (IOException e) {
            vms.discard(vm);
            throw new UncheckedIOException("cannot save template " + key.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vms.discard(vm);
            throw new VmOperationException("interrupted while saving template " + key.name(), e);
        } catch (RuntimeException e) {
            vms.discard(vm);
            throw e;
        }
        templates.deleteOtherImages(key);
        log.info(
                "template {} saved to {} ({} MiB) in {} ms",
                key.name(),
                file,
                TemplateFiles.size(file) / (1024 * 1024),
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        return file;
    }

    /**
     * Restores a clone of the template as the VM {@code spec} describes, and has {@code identity}
     * give it its own before it counts as running. On failure nothing of the clone is left.
     */
    public VirtualMachine restore(VmSpec spec, Path template, Consumer<VirtualMachine> identity) {
        return clones.restore(spec, template, identity);
    }

    /** The template is unusable (a restore from it failed): delete it, so that it is rebuilt. */
    public void discard(TemplateKey key) {
        templates.delete(key);
    }

    @Override
    public void close() {
        builds.shutdownNow();
    }
}
