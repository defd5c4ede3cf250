package dev.arclight.reclaim.decision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface DecisionRepository extends JpaRepository<Decision, Long> {

    Optional<Decision> findByIdempotencyKey(String idempotencyKey);

    Optional<Decision> findFirstByVmIdOrderByDecidedAtDesc(String vmId);

    Optional<Decision> findFirstByVmIdAndStatusOrderByDecidedAtDesc(String vmId, String status);

    List<Decision> findByTenantOrderByDecidedAtDesc(String tenant, Limit limit);

    List<Decision> findByStatusOrderByDecidedAt(String status, Limit limit);

    /** Takes a pending decision for {@code until}, unless another instance holds it. */
    @Modifying
    @Query("""
            UPDATE Decision d SET d.claimedUntil = :until, d.attempts = d.attempts + 1
            WHERE d.id = :id AND d.status = 'PENDING' AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)""")
    int claim(Long id, Instant now, Instant until);

    @Modifying
    @Query("UPDATE Decision d SET d.claimedUntil = NULL WHERE d.id = :id AND d.status = 'PENDING'")
    int release(Long id);

    @Query("""
            SELECT COALESCE(SUM(d.fromMemoryMib - d.achievedMemoryMib), 0) FROM Decision d
            WHERE d.tenant = :tenant AND d.direction = 'SHRINK' AND d.status IN ('DONE', 'PARTIAL')
              AND d.achievedMemoryMib < d.fromMemoryMib""")
    long reclaimedMibOf(String tenant);
}
