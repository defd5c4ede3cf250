package dev.arclight.e2e;

/** The tenants the end-to-end gateway knows: the shipped default {@code local}, and a second one. */
final class TestTenants {

    static final String LOCAL_ACCESS_KEY = "arclight";
    static final String LOCAL_SECRET = "arclight";
    /** For the gateway's own admin views, which the AWS SDK cannot call. */
    static final String LOCAL_API_KEY = "local-e2e-api-key";

    static final String OTHER_ACCESS_KEY = "AKIDOTHERTENANT00001";
    static final String OTHER_SECRET = "other-tenant-secret";

    /** A tenant only {@code PoolEndToEndTests} uses, so that it holds no VM before its first call. */
    static final String POOL_ACCESS_KEY = "AKIDPOOLTENANT000001";

    static final String POOL_SECRET = "pool-tenant-secret";

    /** A tenant only {@code KillEndToEndTests}' pool kill uses, so that it holds no VM before it. */
    static final String KILL_ACCESS_KEY = "AKIDKILLTENANT000001";

    static final String KILL_SECRET = "kill-tenant-secret";

    /** A tenant only {@code HostileInputEndToEndTests} uses, so its registry holds only what that test made. */
    static final String HOSTILE_API_KEY = "hostile-e2e-api-key";

    private TestTenants() {}

    /** Replaces the gateway's tenant list (a list from a higher-priority source replaces, never merges). */
    static String gatewayConfiguration() {
        return """
                arclight:
                  gateway:
                    tenants:
                      - name: local
                        access-keys:
                          - id: %s
                            secret: %s
                        api-keys:
                          - %s
                      - name: other
                        access-keys:
                          - id: %s
                            secret: %s
                      - name: pool-e2e
                        access-keys:
                          - id: %s
                            secret: %s
                      - name: kill-e2e
                        access-keys:
                          - id: %s
                            secret: %s
                      - name: hostile-e2e
                        api-keys:
                          - %s
                """.formatted(
                        LOCAL_ACCESS_KEY,
                        LOCAL_SECRET,
                        LOCAL_API_KEY,
                        OTHER_ACCESS_KEY,
                        OTHER_SECRET,
                        POOL_ACCESS_KEY,
                        POOL_SECRET,
                        KILL_ACCESS_KEY,
                        KILL_SECRET,
                        HOSTILE_API_KEY);
    }
}
