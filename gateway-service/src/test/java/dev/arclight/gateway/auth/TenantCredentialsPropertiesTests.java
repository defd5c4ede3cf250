package dev.arclight.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.arclight.gateway.auth.TenantCredentialsProperties.AccessKey;
import dev.arclight.gateway.auth.TenantCredentialsProperties.Tenant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantCredentialsPropertiesTests {

    @Test
    void rejectsAnAccessKeyIdGivenToTwoTenants() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TenantCredentialsProperties(List.of(
                        new Tenant("a", List.of(new AccessKey("shared", "s1")), List.of()),
                        new Tenant("b", List.of(new AccessKey("shared", "s2")), List.of()))))
                .withMessageContaining("duplicate access key id 'shared'");
    }

    @Test
    void rejectsAnApiKeyGivenToTwoTenantsWithoutPrintingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TenantCredentialsProperties(List.of(
                        new Tenant("a", List.of(), List.of("secret-api-key")),
                        new Tenant("b", List.of(), List.of("secret-api-key")))))
                .withMessageContaining("duplicate API key")
                .withMessageNotContaining("secret-api-key");
    }

    @Test
    void rejectsTwoTenantsOfTheSameName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TenantCredentialsProperties(
                        List.of(new Tenant("a", null, null), new Tenant("a", null, null))))
                .withMessageContaining("duplicate tenant name 'a'");
    }

    @Test
    void neverShowsSecretsWhenPrinted() {
        var properties = new TenantCredentialsProperties(
                List.of(new Tenant("a", List.of(new AccessKey("id", "the-secret")), List.of("the-api-key"))));
        assertThat(properties.toString())
                .doesNotContain("the-secret", "the-api-key")
                .contains("id");
    }
}
