package dev.arclight.placement.registry.function;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/**
 * A function of a tenant: what belongs to the function as a whole (its tags, reserved concurrency,
 * the last version number handed out, and a revision that grows with every change of anything the
 * function holds). Its configurations live in {@link FunctionVersion}s.
 */
@Entity
@Table(name = "functions")
public class RegisteredFunction {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String tenant;
    private String name;

    @Convert(converter = StringMapConverter.class)
    @Column(columnDefinition = "text")
    private Map<String, String> tags;

    private Integer reservedConcurrency;
    private int lastVersion;
    private long revision;
    private Instant createdAt;

    protected RegisteredFunction() {}

    RegisteredFunction(String tenant, String name, Map<String, String> tags, Instant createdAt) {
        this.tenant = tenant;
        this.name = name;
        this.tags = tags == null ? Map.of() : Map.copyOf(tags);
        this.revision = 0;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public String name() {
        return name;
    }

    public Map<String, String> tags() {
        return tags == null ? Map.of() : tags;
    }

    public Integer reservedConcurrency() {
        return reservedConcurrency;
    }

    public void reserveConcurrency(Integer reservedConcurrency) {
        this.reservedConcurrency = reservedConcurrency;
    }

    public int lastVersion() {
        return lastVersion;
    }

    /** Hands out the next version number; numbers are never reused, even after a version is deleted. */
    int nextVersion() {
        return ++lastVersion;
    }

    public long revision() {
        return revision;
    }

    /** Marks a change; the row is locked by the writer, so revisions grow without gaps or repeats. */
    void advanceRevision() {
        revision++;
    }
}
