package dev.arclight.placement.container;

import java.util.Objects;
import java.util.UUID;

/**
 * What a container runs, as far as reuse goes: one version of one function of one tenant, at one
 * revision. {@code $LATEST} changes in place, and its revision id with it, so a container started
 * before an update is never handed a call after it (it just idles out).
 *
 * @param tenant the tenant whose VMs may hold the container
 * @param functionArn the version-qualified ARN, e.g. {@code ...:function:app:3}
 * @param version {@code $LATEST} or the number
 * @param revisionId the version's revision when the container was started
 */
public record ContainerKey(String tenant, String functionArn, String version, UUID revisionId) {

    public ContainerKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(version, "version");
    }
}
