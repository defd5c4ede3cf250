package dev.arclight.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * A real worker-service, run from its runnable jar ({@code worker-service/target/*-exec.jar}) as a
 * process of its own with a worker id of its own, booting real VMs through libvirt from a copy of
 * the guest image where QEMU's user can read it. {@link #available} says whether this machine can
 * run one (jar built, image present, libvirt answering). The test module must depend on
 * worker-service (type pom, for the build order) so that the jar is built first.
 */
public final class RealWorker implements AutoCloseable {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    public final String id;
    private final Path home;
    private final Process process;
    private final int port;

    private RealWorker(String id, Path home, Process process, int port) {
        this.id = id;
        this.home = home;
        this.process = process;
        this.port = port;
    }

    /**
     * Why no real worker can run here (libvirt does not answer), or null when one can. A missing
     * worker jar or guest image is a broken build, not a machine without libvirt: those fail.
     */
    public static String unavailable() {
        if (jar() == null) {
            throw new IllegalStateException("no worker-service/target/*-exec.jar: the test module's dependency on"
                    + " worker-service should have built it first (./mvnw -pl worker-service -am package -DskipTests)");
        }
        try {
            var virsh = new ProcessBuilder("virsh", "-c", "qemu:///system", "list")
                    .redirectErrorStream(true)
                    .start();
            virsh.getInputStream().readAllBytes();
            if (!virsh.waitFor(30, TimeUnit.SECONDS) || virsh.exitValue() != 0) {
                return "libvirt does not answer on qemu:///system";
            }
        } catch (IOException | InterruptedException e) {
            return "virsh: " + e.getMessage();
        }
        return null;
    }

    /** A worker whose id and temporary directory start with {@code prefix} (letters and digits). */
    public static RealWorker start(String prefix, String kafkaBootstrap) {
        try {
            var home = Files.createTempDirectory(Path.of("/tmp"), "arclight-" + prefix + "-it-");
            var image = home.resolve("image");
            Files.createDirectories(image);
            for (var name : List.of("vmlinuz", "initrd.img", "rootfs.img", "manifest.json")) {
                Files.copy(imageDir().resolve(name), image.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            for (var dir : List.of(home, image)) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            int port;
            try (var socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            var command = new ArrayList<String>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-jar"));
            command.add(jar().toString());
            command.add("--server.port=" + port);
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("worker.log").toFile());
            var id = prefix + "it" + Long.toHexString(System.nanoTime() & 0xffffffL);
            builder.environment().put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
            builder.environment().put("ARCLIGHT_WORKER_ID", id);
            builder.environment().put("ARCLIGHT_WORKER_IMAGEDIR", image.toString());
            builder.environment()
                    .put("ARCLIGHT_WORKER_VMDIR", home.resolve("vms").toString());
            return new RealWorker(id, home, builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://localhost:" + port);
    }

    public Path log() {
        return home.resolve("worker.log");
    }

    /**
     * Kills the worker's process at once, as a crash or a lost host would: no shutdown, no report
     * that it leaves; its VMs run on (libvirt holds them) until {@link #close}.
     */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        destroyLeftoverDomains("arclight-" + id + "-");
        try {
            FileSystemUtils.deleteRecursively(home);
        } catch (IOException e) {
            // A leftover temporary directory is not worth failing the run over.
        }
    }

    private static void destroyLeftoverDomains(String prefix) {
        try {
            var list = new ProcessBuilder("virsh", "-c", "qemu:///system", "list", "--all", "--name").start();
            var names = new String(list.getInputStream().readAllBytes())
                    .lines()
                    .filter(n -> n.startsWith(prefix))
                    .toList();
            for (var name : names) {
                new ProcessBuilder("virsh", "-c", "qemu:///system", "destroy", name)
                        .start()
                        .waitFor();
                new ProcessBuilder("virsh", "-c", "qemu:///system", "undefine", name)
                        .start()
                        .waitFor();
            }
        } catch (IOException e) {
            // Nothing to clean up without virsh.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path imageDir() {
        var configured = System.getenv("ARCLIGHT_TEST_IMAGE_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured) : builtImage();
    }

    /** The image {@code guest/build.sh} prints as its last line: a cache hit when nothing changed. */
    private static Path builtImage() {
        try {
            var log = Files.createTempFile("guest-build", ".log");
            var build = new ProcessBuilder(ROOT.resolve("guest/build.sh").toString())
                    .redirectError(log.toFile())
                    .start();
            var out = new String(build.getInputStream().readAllBytes()).strip();
            if (!build.waitFor(30, TimeUnit.MINUTES) || build.exitValue() != 0) {
                throw new IllegalStateException("guest/build.sh failed:\n" + Files.readString(log));
            }
            Files.deleteIfExists(log);
            return Path.of(out.lines().toList().getLast());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path jar() {
        try (var jars = Files.list(ROOT.resolve("worker-service").resolve("target"))) {
            return jars.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
