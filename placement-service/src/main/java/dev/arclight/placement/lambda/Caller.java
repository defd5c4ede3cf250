package dev.arclight.placement.lambda;

/**
 * The tenant a registry call acts for, as the gateway named it, with its account id. Every lookup
 * of the registry is scoped by it, which is what keeps one tenant's functions out of another's
 * reach.
 */
public record Caller(String tenant, String accountId) {}
