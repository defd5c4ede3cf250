package dev.arclight.contracts.worker;

/**
 * Hands a pooled VM to one tenant ({@code PUT /vms/{id}/tenant}). The worker refuses (409 {@code
 * VmAlreadyAssigned}) a VM that already serves another tenant: a VM never changes tenant.
 *
 * @param tenant the tenant it serves from now on
 */
public record AssignVmRequest(String tenant) {}
