package dev.arclight.placement.registry.function;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * A name for a version of a function, optionally sending a share of the calls to a second version
 * (Lambda's RoutingConfig.AdditionalVersionWeights with its one entry).
 */
@Entity
@Table(name = "function_aliases")
public class FunctionAlias {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long functionId;
    private String name;
    private String functionVersion;
    private String description;
    private String additionalVersion;
    private double additionalVersionWeight;
    private UUID revisionId;

    protected FunctionAlias() {}

    public FunctionAlias(long functionId, String name, AliasRouting routing, String description) {
        this.functionId = functionId;
        this.name = name;
        update(routing, description);
    }

    public void update(AliasRouting routing, String description) {
        this.functionVersion = routing.functionVersion();
        this.additionalVersion = routing.additionalVersion();
        this.additionalVersionWeight = routing.additionalVersionWeight();
        this.description = description == null ? "" : description;
        this.revisionId = UUID.randomUUID();
    }

    public long functionId() {
        return functionId;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public AliasRouting routing() {
        return new AliasRouting(functionVersion, additionalVersion, additionalVersionWeight);
    }

    public UUID revisionId() {
        return revisionId;
    }
}
