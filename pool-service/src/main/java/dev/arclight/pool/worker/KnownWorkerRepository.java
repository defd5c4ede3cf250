package dev.arclight.pool.worker;

import org.springframework.data.jpa.repository.JpaRepository;

interface KnownWorkerRepository extends JpaRepository<KnownWorker, String> {}
