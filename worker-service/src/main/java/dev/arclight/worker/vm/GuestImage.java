package dev.arclight.worker.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * The guest a VM boots: a kernel and initrd booted directly, a read-only root disk, and the kernel
 * command line from the image's {@code manifest.json}.
 */
public record GuestImage(Path kernel, Path initrd, Path rootfs, String kernelCmdline) {

    public GuestImage {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(initrd, "initrd");
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(kernelCmdline, "kernelCmdline");
    }

    /** Reads the image laid out as the guest build writes it, failing with what is missing. */
    public static GuestImage load(Path dir) {
        var manifest = dir.resolve("manifest.json");
        var image = new GuestImage(
                dir.resolve("vmlinuz"), dir.resolve("initrd.img"), dir.resolve("rootfs.img"), readCmdline(manifest));
        for (var file : new Path[] {image.kernel, image.initrd, image.rootfs}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("the guest image in " + dir + " has no " + file.getFileName()
                        + "; build it with guest/build.sh or set arclight.worker.image-dir");
            }
        }
        return image;
    }

    /** The image's content hash from its manifest (the guest build names the image after it). */
    public static String hash(Path dir) {
        var manifest = dir.resolve("manifest.json");
        try {
            var hash = JsonMapper.shared().readTree(Files.readString(manifest)).path("hash");
            if (!hash.isString() || hash.asString().isBlank()) {
                throw new IllegalStateException(manifest + " has no hash");
            }
            return hash.asString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
    }

    /** The same guest with more on its kernel command line. */
    public GuestImage withCmdlineArgument(String argument) {
        return new GuestImage(kernel, initrd, rootfs, kernelCmdline + " " + argument);
    }

    private static String readCmdline(Path manifest) {
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("no guest image at " + manifest.getParent() + " (" + manifest
                    + " is missing); build it with guest/build.sh or set arclight.worker.image-dir");
        }
        try {
            var cmdline =
                    JsonMapper.shared().readTree(Files.readString(manifest)).path("kernelCmdline");
            if (!cmdline.isString()) {
                throw new IllegalStateException(manifest + " has no kernelCmdline");
            }
            return cmdline.asString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
    }
}
