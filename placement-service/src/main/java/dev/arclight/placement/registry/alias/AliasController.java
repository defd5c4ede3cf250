package dev.arclight.placement.registry.alias;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.registry.alias.AliasApi.AliasConfiguration;
import dev.arclight.placement.registry.alias.AliasApi.CreateAliasRequest;
import dev.arclight.placement.registry.alias.AliasApi.ListAliasesResponse;
import dev.arclight.placement.registry.alias.AliasApi.UpdateAliasRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Lambda's alias operations (API version 2015-03-31). */
@RestController
@RequestMapping("/2015-03-31/functions/{functionName}/aliases")
class AliasController {

    private final AliasService aliases;

    AliasController(AliasService aliases) {
        this.aliases = aliases;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    AliasConfiguration createAlias(
            Caller caller, @PathVariable String functionName, @RequestBody CreateAliasRequest request) {
        return aliases.create(caller, functionName, request);
    }

    @GetMapping
    ListAliasesResponse listAliases(
            Caller caller,
            @PathVariable String functionName,
            @RequestParam(name = "FunctionVersion", required = false) String functionVersion,
            @RequestParam(name = "Marker", required = false) String marker,
            @RequestParam(name = "MaxItems", required = false) Integer maxItems) {
        return aliases.list(caller, functionName, functionVersion, marker, maxItems);
    }

    @GetMapping("/{name}")
    AliasConfiguration getAlias(Caller caller, @PathVariable String functionName, @PathVariable String name) {
        return aliases.get(caller, functionName, name);
    }

    @PutMapping("/{name}")
    AliasConfiguration updateAlias(
            Caller caller,
            @PathVariable String functionName,
            @PathVariable String name,
            @RequestBody UpdateAliasRequest request) {
        return aliases.update(caller, functionName, name, request);
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> deleteAlias(Caller caller, @PathVariable String functionName, @PathVariable String name) {
        aliases.delete(caller, functionName, name);
        return ResponseEntity.noContent().build();
    }
}
