package dev.arclight.reclaim.utilization;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface UtilizationSampleRepository extends JpaRepository<UtilizationSample, Long> {

    boolean existsByVmIdAndSampledAt(String vmId, Instant sampledAt);

    List<UtilizationSample> findByVmIdOrderBySampledAtDesc(String vmId, Limit limit);

    @Modifying
    @Query("DELETE FROM UtilizationSample s WHERE s.sampledAt < :cutoff")
    int deleteSampledBefore(Instant cutoff);
}
