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
import java.util.UUID;

/**
 * One version of a function: number 0 is {@code $LATEST}, the only one that changes; 1, 2, 3... are
 * the published, immutable ones.
 */
@Entity
@Table(name = "function_versions")
public class FunctionVersion {

    public static final int LATEST = 0;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long functionId;
    private String tenant;
    private String functionName;
    private int version;
    private String runtime;
    private String handler;
    private String role;
    private int memoryMib;
    private int timeoutSeconds;
    private String description;

    @Convert(converter = StringMapConverter.class)
    @Column(columnDefinition = "text")
    private Map<String, String> environment;

    private String codeSha256;
    private long codeSize;
    private UUID revisionId;
    private Instant lastModified;

    protected FunctionVersion() {}

    FunctionVersion(RegisteredFunction function, int version, FunctionSettings settings, StoredCode code, Instant now) {
        this.functionId = function.id();
        this.tenant = function.tenant();
        this.functionName = function.name();
        this.version = version;
        apply(settings);
        useCode(code);
        this.revisionId = UUID.randomUUID();
        this.lastModified = now;
    }

    /** A published copy of this version's configuration and code. */
    FunctionVersion publishAs(RegisteredFunction function, int number, String versionDescription, Instant now) {
        var copy = new FunctionVersion(function, number, settings(), new StoredCode(codeSha256, codeSize), now);
        copy.description = versionDescription == null ? description : versionDescription;
        return copy;
    }

    void update(FunctionSettings settings, Instant now) {
        requireLatest();
        apply(settings);
        changed(now);
    }

    void updateCode(StoredCode code, Instant now) {
        requireLatest();
        useCode(code);
        changed(now);
    }

    private void requireLatest() {
        if (version != LATEST) {
            throw new IllegalStateException("published versions are immutable");
        }
    }

    private void changed(Instant now) {
        revisionId = UUID.randomUUID();
        lastModified = now;
    }

    private void apply(FunctionSettings settings) {
        this.runtime = settings.runtime();
        this.handler = settings.handler();
        this.role = settings.role();
        this.memoryMib = settings.memoryMib();
        this.timeoutSeconds = settings.timeoutSeconds();
        this.description = settings.description();
        this.environment = settings.environment();
    }

    private void useCode(StoredCode code) {
        this.codeSha256 = code.sha256();
        this.codeSize = code.size();
    }

    public FunctionSettings settings() {
        return new FunctionSettings(runtime, handler, role, memoryMib, timeoutSeconds, description, environment);
    }

    public long functionId() {
        return functionId;
    }

    public String functionName() {
        return functionName;
    }

    public int version() {
        return version;
    }

    /** The version as Lambda names it: {@code $LATEST} or the number. */
    public String versionName() {
        return version == LATEST ? "$LATEST" : Integer.toString(version);
    }

    public String codeSha256() {
        return codeSha256;
    }

    public long codeSize() {
        return codeSize;
    }

    public UUID revisionId() {
        return revisionId;
    }

    public Instant lastModified() {
        return lastModified;
    }
}
