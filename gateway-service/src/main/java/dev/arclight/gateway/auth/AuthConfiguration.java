package dev.arclight.gateway.auth;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the plain authentication classes; they take a {@link Clock} so tests can move time. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    TenantAuthenticationFilter tenantAuthenticationFilter(TenantCredentialsProperties tenants) {
        var credentials = new TenantCredentials(tenants);
        return new TenantAuthenticationFilter(credentials, new SigV4Verifier(credentials, Clock.systemUTC()));
    }
}
