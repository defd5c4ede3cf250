package dev.arclight.reclaim.worker;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.URI;
import java.time.Instant;

/** A worker's API address, from its newest capacity report. */
@Entity
@Table(name = "known_workers")
class KnownWorker {

    @Id
    private String workerId;

    private String apiUrl;
    private Instant reportedAt;

    protected KnownWorker() {}

    KnownWorker(String workerId, URI apiUrl, Instant reportedAt) {
        this.workerId = workerId;
        this.apiUrl = apiUrl.toString();
        this.reportedAt = reportedAt;
    }

    URI apiUrl() {
        return URI.create(apiUrl);
    }

    Instant reportedAt() {
        return reportedAt;
    }

    void reported(URI url, Instant at) {
        this.apiUrl = url.toString();
        this.reportedAt = at;
    }
}
