package dev.arclight.worker.vm;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where templates' saved states live.
 *
 * @param snapshotDir a directory on tmpfs (restores then read memory, not a disk); one file per
 *     template, about the guest's used memory in size
 */
@Validated
@ConfigurationProperties("arclight.worker")
public record SnapshotProperties(Path snapshotDir) {

    public SnapshotProperties {
        snapshotDir = snapshotDir == null ? Path.of("/dev/shm/arclight-snapshots") : snapshotDir;
        if (!snapshotDir.isAbsolute()) {
            throw new IllegalArgumentException(
                    "arclight.worker.snapshot-dir must be an absolute path, was " + snapshotDir);
        }
    }
}
