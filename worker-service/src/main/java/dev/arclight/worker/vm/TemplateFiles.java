package dev.arclight.worker.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saved images of templates, one file per {@link TemplateKey} in one directory (tmpfs). An
 * image is written under a temporary name and moved into place, so a half-written one is never
 * restored from.
 */
final class TemplateFiles {

    private static final Logger log = LoggerFactory.getLogger(TemplateFiles.class);

    private final Path dir;

    TemplateFiles(Path dir) {
        this.dir = dir;
    }

    /** The template's saved image, if one has been saved for this key. */
    Optional<Path> find(TemplateKey key) {
        var file = file(key);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    Path file(TemplateKey key) {
        return dir.resolve("template-" + key.name() + ".save");
    }

    /** Where the image is written before {@link #publish} moves it to its {@link #file}. */
    Path partial(TemplateKey key) {
        return dir.resolve(file(key).getFileName() + ".partial");
    }

    /** Where a clone's copy of an image (with the clone's XML) is restored from. */
    Path restoring(String domainName) {
        return dir.resolve(domainName + ".restoring");
    }

    void createDirectory() throws IOException {
        Files.createDirectories(dir);
    }

    void publish(TemplateKey key) throws IOException {
        Files.move(partial(key), file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void delete(TemplateKey key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            log.warn("cannot delete template {}: {}", key.name(), e.getMessage());
        }
    }

    /** Deletes the templates of other guest images: they are never restored from again. */
    void deleteOtherImages(TemplateKey key) {
        try (var files = Files.list(dir)) {
            for (var f : files.toList()) {
                var n = f.getFileName().toString();
                if (n.startsWith("template-") && !n.startsWith("template-" + key.imageHash() + "-")) {
                    Files.deleteIfExists(f);
                    log.info("deleted template {} of an older guest image", n);
                }
            }
        } catch (IOException e) {
            log.warn("cannot clean up old templates in {}: {}", dir, e.getMessage());
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
