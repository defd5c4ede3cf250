package dev.arclight.gateway.membership;

import java.util.List;

/**
 * Where the set of placement instances comes from: configuration locally, the platform's service
 * discovery in Kubernetes. Asked again before every round of health checks, so instances that
 * discovery adds or removes join or leave without a restart.
 */
public interface PlacementInstanceSource {

    List<PlacementInstance> instances();
}
