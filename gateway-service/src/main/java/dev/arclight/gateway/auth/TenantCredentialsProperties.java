package dev.arclight.gateway.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.util.HashSet;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The tenants and the credentials each one authenticates with.
 *
 * <pre>
 * arclight.gateway.tenants:
 *   - name: local
 *     access-keys: [{id: arclight, secret: arclight}]   # AWS SigV4, as the AWS CLI and SDKs sign
 *     api-keys: [some-long-random-key]                  # X-Api-Key header
 * </pre>
 *
 * @param tenants every tenant that may call the API; names, access key ids and API keys are unique
 */
@Validated
@ConfigurationProperties("arclight.gateway")
public record TenantCredentialsProperties(@NotEmpty List<@Valid Tenant> tenants) {

    public TenantCredentialsProperties {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        requireUnique("tenant name", tenants.stream().map(Tenant::name).toList());
        requireUnique(
                "access key id",
                tenants.stream()
                        .flatMap(tenant -> tenant.accessKeys().stream())
                        .map(AccessKey::id)
                        .toList());
        requireUnique(
                "API key",
                tenants.stream().flatMap(tenant -> tenant.apiKeys().stream()).toList());
    }

    private static void requireUnique(String what, List<String> values) {
        var seen = new HashSet<String>();
        for (var value : values) {
            if (value != null && !seen.add(value)) {
                // The value itself may be a secret: name only the kind and, for ids, the value.
                throw new IllegalArgumentException("arclight.gateway.tenants: duplicate " + what
                        + (what.equals("API key") ? "" : " '" + value + "'"));
            }
        }
    }

    /**
     * One tenant.
     *
     * @param name the name the services behind the gateway know the tenant by
     * @param accessKeys AWS-style access keys whose SigV4 signatures authenticate the tenant
     * @param apiKeys keys accepted in the {@code X-Api-Key} header
     */
    public record Tenant(
            @NotBlank
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be lower-case letters, digits and '-'")
            String name,

            List<@Valid AccessKey> accessKeys,
            List<@NotBlank String> apiKeys) {

        public Tenant {
            accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        }

        @Override
        public String toString() {
            return "Tenant[name=" + name + ", accessKeys=" + accessKeys + ", apiKeys=" + apiKeys.size() + " keys]";
        }
    }

    /**
     * An access key pair, as an AWS client is configured with.
     *
     * @param id the access key id, sent in the clear in the {@code Credential} of the signature
     * @param secret the secret access key, never sent: the signature proves the caller holds it
     */
    public record AccessKey(@NotBlank String id, @NotBlank String secret) {

        @Override
        public String toString() {
            return "AccessKey[id=" + id + ", secret=***]";
        }
    }
}
