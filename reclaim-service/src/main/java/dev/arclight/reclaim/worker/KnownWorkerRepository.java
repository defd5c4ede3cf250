package dev.arclight.reclaim.worker;

import org.springframework.data.jpa.repository.JpaRepository;

interface KnownWorkerRepository extends JpaRepository<KnownWorker, String> {}
