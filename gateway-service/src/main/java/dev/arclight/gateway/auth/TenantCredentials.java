package dev.arclight.gateway.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Looks up the tenant behind an access key id or an API key. */
final class TenantCredentials {

    /** The tenant an access key belongs to, with the secret its signatures are checked with. */
    record SigningKey(String tenant, String secret) {

        @Override
        public String toString() {
            return "SigningKey[tenant=" + tenant + ", secret=***]";
        }
    }

    private final Map<String, SigningKey> byAccessKeyId = new HashMap<>();
    private final Map<String, String> tenantByApiKey = new HashMap<>();

    TenantCredentials(TenantCredentialsProperties properties) {
        for (var tenant : properties.tenants()) {
            for (var key : tenant.accessKeys()) {
                byAccessKeyId.put(key.id(), new SigningKey(tenant.name(), key.secret()));
            }
            for (var apiKey : tenant.apiKeys()) {
                tenantByApiKey.put(apiKey, tenant.name());
            }
        }
    }

    Optional<SigningKey> forAccessKeyId(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }

    Optional<String> tenantForApiKey(String apiKey) {
        return Optional.ofNullable(tenantByApiKey.get(apiKey));
    }
}
