package dev.arclight.pool.subpool;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface SubPoolRepository extends JpaRepository<SubPool, String> {

    @Modifying
    @Query(value = "UPDATE sub_pools SET shortfall = :shortfall WHERE id = :id", nativeQuery = true)
    int setShortfall(String id, int shortfall);
}
